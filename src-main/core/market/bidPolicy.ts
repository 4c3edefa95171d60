import type { WorkSize } from '../compute/perfModel'
import { currencyName, microToDecimal } from '../ledger/earnings'
import type { Offer } from './protocol'

/** Why the node did not bid on an offer ("Why no jobs?"). */
export type SkipReason = 'paused' | 'busy' | 'region' | 'vram' | 'backend' | 'no-benchmark' | 'sla' | 'price'

export interface NodeFacts {
  region: string
  vramMiB: number
  backend: string
  paused: boolean
  /** Market jobs queued or running here, and how many the node takes at once. */
  busy: number
  capacity: number
}

export interface Pricing {
  /** The least the owner accepts per GPU-hour, micro-units of the market's currency. */
  floorMicroPerGpuHour: number
  /** Electricity price per kWh, micro-units of the same currency. */
  tariffMicroPerKwh: number
  /** Measured board power while computing, or null where nothing measures it. */
  powerWatts: number | null
  /** Margin over the electricity cost, percent. */
  marginPct: number
  /**
   * Share of the room between the node's cost price and the buyer's maximum that the bid asks
   * for: 0 bids the cost price (the fixed strategy); the adaptive strategy moves it (adaptShare).
   */
  surplusShare: number
}

export interface Prediction {
  runMs: number
  latencyMsP95: number
  throughputPerSec: number
}

export type BidDecision =
  | { decision: 'bid'; priceMicro: number; predicted: Prediction; energyMicro: number }
  | { decision: 'skip'; reason: SkipReason; detail: string; predicted: Prediction | null; energyMicro: number | null }

/** Predictions must clear every bound by this factor before the node bids. */
export const SAFETY = 1.25
/** Handling of the bundle before and after compute, per MB (docs/BENCHMARKS.md, job pipeline). */
const OVERHEAD_MS_PER_MB = 20

/** Compute time from the performance model, spread over the job's batches. */
export function predict(offer: Offer, predictMs: (w: WorkSize) => { ms: number } | null): Prediction | null {
  const p = predictMs(offer.work)
  if (!p) return null
  const batches = Math.max(1, Math.ceil(offer.work.rows / offer.work.batchSize))
  const runMs = p.ms + (offer.bundleBytes / 1e6) * OVERHEAD_MS_PER_MB
  return { runMs, latencyMsP95: p.ms / batches, throughputPerSec: offer.items / (Math.max(runMs, 1) / 1000) }
}

/** What the job would cost the owner: the floor for its GPU time, or its electricity plus margin, whichever is more. */
export function jobCostMicro(runMs: number, pricing: Pricing): { costMicro: number; energyMicro: number } {
  const floor = (pricing.floorMicroPerGpuHour * runMs) / 3_600_000
  const kwh = pricing.powerWatts === null ? 0 : (pricing.powerWatts * runMs) / 3.6e9
  const energyMicro = kwh * pricing.tariffMicroPerKwh
  return { costMicro: Math.max(floor, energyMicro * (1 + pricing.marginPct / 100)), energyMicro }
}

/** A job cost as a price in the offer's unit, rounded up to a whole micro-unit. */
export function unitPrice(offer: Offer, costMicro: number, runMs: number): number {
  const perUnit = offer.price.unit === 'per1kItems' ? costMicro / (offer.items / 1000) : costMicro / (runMs / 1000)
  return Math.ceil(perUnit)
}

/**
 * Bid only when the performance model predicts every bound met with the safety margin, at the cost
 * price — max(floor, electricity + margin) — plus a share of the room up to the buyer's maximum;
 * skip with the reason otherwise.
 */
export function decideBid(offer: Offer, now: number, node: NodeFacts, predictMs: (w: WorkSize) => { ms: number } | null, pricing: Pricing): BidDecision {
  const skip = (reason: SkipReason, detail: string, predicted: Prediction | null = null, energyMicro: number | null = null): BidDecision => ({ decision: 'skip', reason, detail, predicted, energyMicro })
  // A paused or full node still weighs the offer's economics: they tell whether work would pay its electricity.
  const economics = (): [Prediction | null, number | null] => {
    const p = predict(offer, predictMs)
    return p ? [p, jobCostMicro(p.runMs, pricing).energyMicro] : [null, null]
  }
  if (node.paused) return skip('paused', 'the node is paused', ...economics())
  if (node.busy >= node.capacity) return skip('busy', `already running ${node.busy} market job${node.busy === 1 ? '' : 's'}`, ...economics())
  const r = offer.requirements
  if (r.region !== 'any' && node.region !== r.region && !node.region.startsWith(`${r.region}-`)) return skip('region', `data must stay in '${r.region}'; this node is in '${node.region}'`)
  if (r.vramMiB > node.vramMiB) return skip('vram', `needs ${r.vramMiB} MiB of GPU memory; this node offers ${node.vramMiB} MiB`)
  if (r.backends.length && !r.backends.includes(node.backend as never)) return skip('backend', `needs ${r.backends.join(' or ')}; this node runs ${node.backend}`)
  const predicted = predict(offer, predictMs)
  if (!predicted) return skip('no-benchmark', 'no benchmark yet: the node cannot predict its speed')
  const { costMicro, energyMicro } = jobCostMicro(predicted.runMs, pricing)
  const sla = offer.sla
  if (now + predicted.runMs * SAFETY > sla.deadline) return skip('sla', `predicted ${Math.round(predicted.runMs)} ms would not finish before the deadline with a ${SAFETY}× margin`, predicted, energyMicro)
  if (sla.maxLatencyMsP95 !== undefined && predicted.latencyMsP95 * SAFETY > sla.maxLatencyMsP95) return skip('sla', `predicted p95 latency ${predicted.latencyMsP95.toFixed(1)} ms × ${SAFETY} > ${sla.maxLatencyMsP95} ms`, predicted, energyMicro)
  if (sla.minThroughputPerSec !== undefined && predicted.throughputPerSec / SAFETY < sla.minThroughputPerSec) return skip('sla', `predicted throughput ${predicted.throughputPerSec.toFixed(0)}/s ÷ ${SAFETY} < ${sla.minThroughputPerSec}/s`, predicted, energyMicro)
  const costPrice = unitPrice(offer, costMicro, predicted.runMs)
  if (costPrice > offer.price.maxMicro) {
    const per = offer.price.unit === 'per1kItems' ? 'per 1,000 items' : 'per GPU-second'
    const money = (micro: number) => `${microToDecimal(micro)} ${currencyName(offer.price.currency)}`
    return skip('price', `your floor comes to ${money(costPrice)} ${per} here, above the buyer's maximum ${money(offer.price.maxMicro)}`, predicted, energyMicro)
  }
  // A loaded node asks more: another job waits for the GPU anyway.
  const share = Math.min(MAX_SHARE, pricing.surplusShare + (node.busy > 0 ? 0.1 : 0))
  const priceMicro = Math.max(costPrice, Math.floor(costPrice + (offer.price.maxMicro - costPrice) * share))
  return { decision: 'bid', priceMicro, predicted, energyMicro }
}

/** The adaptive strategy never asks the buyer's full maximum: some room is always left to win on. */
export const MAX_SHARE = 0.95
export const START_SHARE = 0.6

/** The adaptive strategy: a win asks a little more next time, a loss much less (docs/PROTOCOL.md, "Bidding"). */
export function adaptShare(share: number, won: boolean): number {
  return Math.min(MAX_SHARE, Math.max(0, won ? share + 0.05 : share - 0.15))
}
