import type { JobSla, JobSource } from '../../../src-preload/contract'
import type { Bundle, ValidBundle } from './bundle'
import { packBundle } from './bundlePack'

/** A bundle's bounds as the job row keeps them. */
export const slaOf = (b: Bundle): JobSla => ({
  maxLatencyMsP95: b.sla.maxLatencyMsP95 ?? null,
  minThroughputPerSec: b.sla.minThroughputPerSec ?? null,
  minAccuracy: b.sla.minAccuracy ?? null,
  deadline: b.sla.deadline
})

/** The row a new job is stored as: queued, or running already (startedAt) when it went straight to an idle runner. */
export function rowOf(valid: ValidBundle, source: JobSource, now: number, digest: string, startedAt: number | null) {
  const { bundle } = valid
  return {
    id: bundle.id,
    kind: bundle.kind,
    source,
    state: startedAt === null ? ('queued' as const) : ('running' as const),
    ...(startedAt === null ? {} : { startedAt }),
    bundle: packBundle(bundle, valid.decoded),
    bundleDigest: digest,
    items: valid.items,
    deadline: bundle.sla.deadline,
    price: bundle.price,
    sla: slaOf(bundle),
    region: bundle.region,
    batchSize: bundle.payload.batchSize,
    submittedAt: now,
    progressTotal: bundle.kind === 'train' ? bundle.payload.steps : valid.items
  }
}
