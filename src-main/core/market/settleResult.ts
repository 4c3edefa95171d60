import type { JobVerdict } from '../../../src-preload/contract'
import { sha256Hex } from '../identity/canonicalJson'
import { verifyReceipt } from '../identity/receipt'
import type { ValidBundle } from '../jobs/bundle'
import { unmix } from '../jobs/jobRun'
import { payLines } from '../jobs/payout'
import { canaryAccuracy, judge } from '../jobs/sla'
import type { Body, Offer, Settlement } from './protocol'

/** A checked result: its settlement, and the buyer's outputs (canary rows taken out). */
export interface Checked {
  settlement: Settlement
  real: Float32Array | null
}

/** What the market awarded, to check a result against. */
export interface Awarded {
  jobId: string
  /** Digest of the bundle the node was sent. */
  digest: string
  /** Where the market hid the buyer's canaries among the node's input rows. */
  canaryRows: number[]
  priceMicro: number
  valid: ValidBundle
  offer: Offer
  /** When the market awarded it: no node can have computed longer than since then. */
  awardedAt: number
}

/**
 * Checks a node's result — the receipt's signature by the node's own key, that it names this job
 * and the bundle sent, that the outputs are the ones it signed — then judges the SLA on the node's
 * signed measurements and the market's own canary check, and prices it by the published payout
 * rules (jobs/payout.ts). Changes nothing; a string says what is wrong with the result.
 */
export function checkResult(a: Awarded, nodeKeyPem: string, msg: Body<'result'>, now: number): Checked | string {
  try {
    return check(a, nodeKeyPem, msg, now)
  } catch (err) {
    // A claim whose pay cannot be computed exactly (beyond a safe integer) is refused, not a crash.
    return `result: ${(err as Error).message}`
  }
}

function check(a: Awarded, nodeKeyPem: string, msg: Body<'result'>, now: number): Checked | string {
  const receipt = verifyReceipt(msg.receipt, nodeKeyPem)
  if (!receipt.valid) return `receipt: ${receipt.reason}`
  const r = msg.receipt.receipt
  if (r.jobId !== a.jobId) return `receipt is for job ${r.jobId}`
  if (r.bundleDigest !== a.digest) return 'receipt names a different bundle than the one awarded'
  const bytes = Buffer.from(msg.outputsBase64, 'base64')
  if (bytes.length % 4 !== 0 || sha256Hex(bytes) !== r.outputDigest) return 'outputs do not match the receipt’s output digest'
  const outputs = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength))
  const b = a.valid.bundle
  let real: Float32Array | null = outputs
  let accuracy = r.metrics.canaryAccuracy
  if (b.kind !== 'train' && b.canaries.length) {
    if (msg.outputSize <= 0 || outputs.length !== msg.outputSize * (a.valid.items + b.canaries.length)) return 'outputs have the wrong number of rows'
    const split = unmix(outputs, msg.outputSize, a.canaryRows)
    real = split.real
    accuracy = canaryAccuracy(b.canaries, split.canaries)
  }
  // The node measures; the market bounds what it may claim: compute time no longer than the award has
  // existed, the deadline judged on the market's own clock, training paid per step as it was offered.
  const computeMs = Math.min(Math.max(0, r.metrics.computeMs), Math.max(0, now - a.awardedAt))
  const sla = { maxLatencyMsP95: b.sla.maxLatencyMsP95 ?? null, minThroughputPerSec: b.sla.minThroughputPerSec ?? null, minAccuracy: b.sla.minAccuracy ?? null, deadline: b.sla.deadline }
  const verdict: JobVerdict = judge(sla, { ...r.metrics, computeMs, canaryAccuracy: accuracy, canaries: b.canaries.length }, now)
  const price = { currency: a.offer.price.currency, unit: a.offer.price.unit, microUnits: a.priceMicro }
  const items = b.kind === 'train' ? a.offer.items : a.valid.items
  const lines = payLines(price, { items, computeMs }, verdict)
  const total = lines.reduce((s, l) => s + l.amountMicro, 0)
  const breached = verdict.bounds.filter((x) => !x.met)
  return {
    settlement: {
      jobId: a.jobId,
      offerId: a.offer.offerId,
      outcome: total === 0 ? 'zero' : breached.length ? 'penalised' : 'full',
      reason: breached.length ? breached.map((x) => x.reason).join('; ') : 'every bound met',
      currency: price.currency,
      lines: lines.map((l) => ({ kind: l.kind as 'earning' | 'penalty', amountMicro: l.amountMicro, memo: l.memo })),
      totalMicro: total,
      settledAt: now
    },
    real
  }
}
