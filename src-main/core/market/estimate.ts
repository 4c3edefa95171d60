import type { EarningsEstimate } from '../../../src-preload/contract'
import type { WorkSize } from '../compute/perfModel'
import { validateBundle } from '../jobs/bundle'
import { decideBid, jobCostMicro, predict, type NodeFacts, type Pricing } from './bidPolicy'
import type { Offer } from './protocol'
import { demoOrder, offersPerMinute, seededRandom } from './demand'
import { offerOf } from './offerOf'

const SAMPLES = 120

// The sample offers are the same every time (a seeded demand model): built once — a few at a time,
// so the node keeps answering meanwhile — then moved in time.
let samples: Promise<{ at: number; offers: Offer[] }> | null = null
async function build(now: number): Promise<{ at: number; offers: Offer[] }> {
  const rng = seededRandom(20261203)
  const offers: Offer[] = []
  for (let i = 0; i < SAMPLES; i++) {
    const order = demoOrder(now, rng)
    offers.push(offerOf(validateBundle(order.bundle, now), order, now, 0))
    await new Promise((r) => setImmediate(r))
  }
  return { at: now, offers }
}
async function sampleOffers(now: number): Promise<Offer[]> {
  samples ??= build(now)
  const s = await samples
  const shift = now - s.at
  return s.offers.map((o) => ({ ...o, sla: { ...o.sla, deadline: o.sla.deadline + shift }, postedAt: o.postedAt + shift, closesAt: o.closesAt + shift }))
}

/**
 * What this node could expect from the demo market over the next 24 hours — a prediction from the
 * model, labelled as one: a fixed sample of the demo buyers' offers (the demand model, seeded), each
 * judged by the node's own bidding policy with its benchmark-based performance model, paid at the
 * price it would bid, times the demand model's offers per hour across the day. The demo market
 * has no other bidder, so every bid is counted as won; GPU time beyond the hour is not.
 */
export async function estimateDemoEarnings(o: { now: number; predictMs: (w: WorkSize) => { ms: number } | null; facts: NodeFacts; pricing: Pricing }): Promise<EarningsEstimate | null> {
  if (!o.predictMs({ kind: 'matmul', flops: 1e6, bytes: 1e3, n: 64 })) return null
  let incomePerOffer = 0
  let energyPerOffer = 0
  let busyMsPerOffer = 0
  let bids = 0
  const skipped: Record<string, number> = {}
  for (const offer of await sampleOffers(o.now)) {
    const d = decideBid(offer, o.now, { ...o.facts, paused: false, busy: 0 }, o.predictMs, o.pricing)
    if (d.decision === 'skip') {
      skipped[d.reason] = (skipped[d.reason] ?? 0) + 1
      continue
    }
    bids++
    const units = offer.price.unit === 'per1kItems' ? offer.items / 1000 : d.predicted.runMs / 1000
    incomePerOffer += (d.priceMicro * units) / SAMPLES
    energyPerOffer += jobCostMicro(d.predicted.runMs, { ...o.pricing, floorMicroPerGpuHour: 0, marginPct: 0 }).energyMicro / SAMPLES
    busyMsPerOffer += (predict(offer, o.predictMs)?.runMs ?? 0) / SAMPLES
  }
  let income = 0
  let energy = 0
  let jobs = 0
  for (let h = 0; h < 24; h++) {
    const hour = new Date(o.now + h * 3_600_000).getHours()
    const offers = offersPerMinute(hour) * 60
    // The GPU has an hour per hour: more work than that cannot be taken.
    const share = Math.min(1, 3_600_000 / Math.max(1, offers * busyMsPerOffer))
    income += offers * incomePerOffer * share
    energy += offers * energyPerOffer * share
    jobs += offers * (bids / SAMPLES) * share
  }
  return {
    currency: 'DEMO',
    perDayMicro: Math.round(income),
    energyPerDayMicro: Math.round(energy),
    netPerDayMicro: Math.round(income - energy),
    jobsPerDay: Math.round(jobs),
    bidShare: bids / SAMPLES,
    skipped: Object.entries(skipped).map(([reason, n]) => ({ reason: reason as EarningsEstimate['skipped'][number]['reason'], share: n / SAMPLES })),
    basis: `A prediction: ${SAMPLES} sample offers from the demo market's demand model, judged by this node's bidding policy and benchmark, at today's offer rates.`
  }
}
