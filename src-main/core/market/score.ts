import type { Bid, Offer } from './protocol'

/** A node's track record as the market keeps it. */
export interface Reputation {
  jobs: number
  /** Jobs settled in full (every bound met). */
  slaMet: number
  /** Jobs that failed, timed out or were revoked. */
  failed: number
}

/** Laplace-smoothed share of jobs settled in full: a new node starts at ½, not at 0 or 1. */
export const reliability = (r: Reputation): number => (1 + r.slaMet) / (2 + r.jobs)

/**
 * How comfortably a bid's predictions meet the offer's bounds: the smallest ratio of bound to
 * prediction (≥ 1 means every bound is predicted met), capped at 2 so that being far faster than
 * needed stops counting. Null when a bound is predicted missed.
 */
export function headroom(offer: Offer, bid: Bid, now: number): number | null {
  const ratios: number[] = [(offer.sla.deadline - now) / bid.predicted.runMs]
  if (offer.sla.maxLatencyMsP95 !== undefined) ratios.push(offer.sla.maxLatencyMsP95 / bid.predicted.latencyMsP95)
  if (offer.sla.minThroughputPerSec !== undefined) ratios.push(bid.predicted.throughputPerSec / offer.sla.minThroughputPerSec)
  const h = Math.min(...ratios)
  return h >= 1 ? Math.min(2, h) : null
}

/**
 * The price-performance score (docs/PROTOCOL.md, "Matching"): reliability × headroom ÷ price.
 * Cheaper wins, other things equal; a node that predicts a comfortable margin or has kept its SLAs
 * can win at a higher price. The +1 keeps a free bid finite.
 */
export function bidScore(offer: Offer, bid: Bid, rep: Reputation, now: number): number | null {
  const h = headroom(offer, bid, now)
  return h === null ? null : (reliability(rep) * h) / (bid.priceMicro + 1)
}
