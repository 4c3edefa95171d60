import { randomUUID } from 'node:crypto'
import type { ValidBundle } from '../jobs/bundle'
import { jobWork } from '../jobs/jobWork'
import type { BuyerOrder } from './engine'
import type { Offer } from './protocol'

/** The offer the market broadcasts for a validated buyer's bundle: its terms and its size, never its data. */
export function offerOf(valid: ValidBundle, order: BuyerOrder, t: number, windowMs: number): Offer {
  const b = valid.bundle
  const rows = b.kind === 'train' ? b.payload.steps * b.payload.batchSize : valid.items + b.canaries.length
  const itemSize = valid.itemShape.reduce((a, c) => a * c, 1)
  const w = jobWork(b, rows, itemSize) ?? { kind: 'elementwise' as const, flops: rows * itemSize, bytes: 4 * rows * itemSize }
  return {
    offerId: randomUUID(),
    kind: b.kind,
    title: order.title,
    requirements: { vramMiB: order.vramMiB ?? 0, region: b.region, backends: order.backends ?? [] },
    sla: b.sla,
    work: { ...w, rows: b.kind === 'train' ? b.payload.steps : rows, batchSize: b.payload.batchSize },
    price: { unit: b.price.unit, maxMicro: b.price.microUnits, currency: b.price.currency },
    items: b.kind === 'train' ? b.payload.steps : valid.items,
    bundleBytes: JSON.stringify(order.bundle).length,
    postedAt: t,
    closesAt: t + windowMs
  }
}
