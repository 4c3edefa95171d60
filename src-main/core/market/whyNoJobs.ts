import type { Database } from 'better-sqlite3'
import type { MarketOffer, SkipReason, WhyNoJobs } from '../../../src-preload/contract'
import { median } from '../median'

interface Row {
  offer_id: string
  market: string
  seen_at: number
  kind: MarketOffer['kind']
  title: string
  unit: MarketOffer['unit']
  currency: string
  max_micro: number
  items: number
  decision: 'bid' | 'skip'
  reason: SkipReason | null
  detail: string
  bid_micro: number | null
  predicted_run_ms: number | null
  energy_micro: number | null
  outcome: 'won' | 'lost' | null
  winning_micro: number | null
  job_id: string | null
}

const toOffer = (r: Row): MarketOffer => ({
  offerId: r.offer_id,
  market: r.market,
  seenAt: r.seen_at,
  kind: r.kind,
  title: r.title,
  unit: r.unit,
  currency: r.currency,
  maxMicro: r.max_micro,
  items: r.items,
  decision: r.decision,
  reason: r.reason,
  detail: r.detail,
  bidMicro: r.bid_micro,
  predictedRunMs: r.predicted_run_ms,
  outcome: r.outcome,
  winningMicro: r.winning_micro,
  jobId: r.job_id
})

export function listOffers(db: Database, q: { limit?: number; decision?: 'bid' | 'skip' } = {}): MarketOffer[] {
  const where = q.decision ? 'WHERE decision = ?' : ''
  const args: (string | number)[] = q.decision ? [q.decision, q.limit ?? 100] : [q.limit ?? 100]
  return db.prepare<(string | number)[], Row>(`SELECT * FROM market_offers ${where} ORDER BY seen_at DESC, rowid DESC LIMIT ?`).all(...args).map(toOffer)
}

/** The price this node would have asked at another floor, at cost (no markup), in the offer's unit. */
function priceAtFloor(r: Row, floor: number, marginPct: number): number | null {
  if (r.predicted_run_ms === null) return null
  const cost = Math.max((floor * r.predicted_run_ms) / 3_600_000, (r.energy_micro ?? 0) * (1 + marginPct / 100))
  return Math.ceil(r.unit === 'per1kItems' ? cost / (r.items / 1000) : cost / (r.predicted_run_ms / 1000))
}

/**
 * "Why no jobs?" from the offer log. The what-if re-prices every offer that got as far as pricing
 * at other floors (at cost, without the adaptive markup) and counts it won where that price is at
 * or under the price that won it (or under the buyer's maximum for an offer nobody won) — an
 * estimate by price alone, since the market also weighs reliability and speed (docs/PROTOCOL.md).
 */
export function whyNoJobs(db: Database, now: number, hours: number, pricing: { floorMicroPerGpuHour: number; energyMarginPct: number }): WhyNoJobs {
  const from = now - hours * 3_600_000
  const rows = db.prepare<[number], Row>('SELECT * FROM market_offers WHERE seen_at >= ? ORDER BY seen_at').all(from)
  const skipped = new Map<SkipReason, { count: number; example: string }>()
  let bid = 0
  let won = 0
  let lost = 0
  const lostBy: number[] = []
  for (const r of rows) {
    if (r.decision === 'skip' && r.reason) {
      const s = skipped.get(r.reason) ?? { count: 0, example: r.detail }
      s.count++
      skipped.set(r.reason, s)
      continue
    }
    bid++
    if (r.outcome === 'won') won++
    if (r.outcome === 'lost') {
      lost++
      if (r.winning_micro !== null && r.bid_micro) lostBy.push((100 * (r.bid_micro - r.winning_micro)) / r.bid_micro)
    }
  }
  const floors = [0, 0.25, 0.5, 1, 2, 4].map((f) => Math.round(f * pricing.floorMicroPerGpuHour)).filter((f, i, a) => a.indexOf(f) === i)
  const whatIf = floors.map((floor) => {
    let wouldBid = 0
    let wouldWin = 0
    for (const r of rows) {
      if (r.decision === 'skip' && r.reason !== 'price') continue
      const p = priceAtFloor(r, floor, pricing.energyMarginPct)
      if (p === null || p > r.max_micro) continue
      wouldBid++
      if (r.outcome === 'won' || (r.outcome === 'lost' && r.winning_micro !== null && p <= r.winning_micro) || (r.outcome === null && r.decision === 'skip')) wouldWin++
    }
    return { floorMicroPerGpuHour: floor, wouldBid, wouldWin }
  })
  return {
    from,
    to: now,
    seen: rows.length,
    skipped: [...skipped.entries()].map(([reason, s]) => ({ reason, ...s })).sort((a, b) => b.count - a.count),
    bid,
    won,
    lost,
    open: bid - won - lost,
    lostByMedianPct: lostBy.length ? median(lostBy) : null,
    whatIf,
    floorMicroPerGpuHour: pricing.floorMicroPerGpuHour
  }
}
