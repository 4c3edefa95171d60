import type { Database } from 'better-sqlite3'
import { currencyName, microToDecimal } from '../ledger/earnings'
import type { BidDecision } from './bidPolicy'
import type { Offer } from './protocol'

/** Offers the node did not win are kept 90 days (the longest "Why no jobs?" window), and at most this many. */
export const OFFER_RETENTION = { ms: 90 * 86_400_000, rows: 200_000, everyInserts: 1000 }

/** The node's record of offers seen and what came of them (table market_offers). */
export function createOfferLog(db: Database, retention = OFFER_RETENTION) {
  const upsert = db.prepare(
    `INSERT INTO market_offers (offer_id, market, seen_at, kind, title, unit, currency, max_micro, items, decision, reason, detail, bid_micro, predicted_run_ms, energy_micro)
     VALUES (@offerId, @market, @seenAt, @kind, @title, @unit, @currency, @maxMicro, @items, @decision, @reason, @detail, @bidMicro, @runMs, @energyMicro)
     ON CONFLICT(offer_id) DO UPDATE SET seen_at = excluded.seen_at, decision = excluded.decision, reason = excluded.reason, detail = excluded.detail,
       bid_micro = excluded.bid_micro, predicted_run_ms = excluded.predicted_run_ms, energy_micro = excluded.energy_micro, outcome = NULL, winning_micro = NULL`
  )
  const outcome = db.prepare('UPDATE market_offers SET outcome = ?, winning_micro = ?, job_id = ?, market_key = ? WHERE offer_id = ?')
  const recentPriced = db.prepare<[number], { max_micro: number; unit: string; items: number; predicted_run_ms: number; energy_micro: number }>(
    'SELECT max_micro, unit, items, predicted_run_ms, energy_micro FROM market_offers WHERE seen_at >= ? AND predicted_run_ms IS NOT NULL AND energy_micro IS NOT NULL'
  )
  const jobsOf = db.prepare<[string], { job_id: string }>('SELECT job_id FROM market_offers WHERE market_key = ? AND job_id IS NOT NULL')
  // Won offers stay: they tie a job to the market that awarded it (settlements are checked against them).
  const pruneOld = db.prepare('DELETE FROM market_offers WHERE job_id IS NULL AND seen_at < ?')
  const pruneOver = db.prepare(
    'DELETE FROM market_offers WHERE job_id IS NULL AND rowid IN (SELECT rowid FROM market_offers WHERE job_id IS NULL ORDER BY seen_at DESC, rowid DESC LIMIT -1 OFFSET ?)'
  )
  let inserts = 0
  return {
    seen(market: string, offer: Offer, d: BidDecision, at: number): void {
      // At the first offer of a run, then every so many: a node restarted often still prunes.
      if (inserts++ % retention.everyInserts === 0) {
        pruneOld.run(at - retention.ms)
        pruneOver.run(retention.rows)
      }
      upsert.run({
        offerId: offer.offerId,
        market,
        seenAt: at,
        kind: offer.kind,
        title: offer.title,
        unit: offer.price.unit,
        currency: offer.price.currency,
        maxMicro: offer.price.maxMicro,
        items: offer.items,
        decision: d.decision,
        reason: d.decision === 'skip' ? d.reason : null,
        detail: d.decision === 'skip' ? d.detail : `bid ${microToDecimal(d.priceMicro)} ${currencyName(offer.price.currency)} ${offer.price.unit === 'per1kItems' ? 'per 1,000 items' : 'per GPU-second'}`,
        bidMicro: d.decision === 'bid' ? d.priceMicro : null,
        runMs: d.predicted?.runMs ?? null,
        energyMicro: d.energyMicro
      })
    },
    won: (offerId: string, priceMicro: number, jobId: string, marketKey: string): void => void outcome.run('won', priceMicro, jobId, marketKey, offerId),
    lost: (offerId: string, winningMicro: number | null): void => void outcome.run('lost', winningMicro, null, null, offerId),
    /**
     * What the recent offers would pay at most per hour of work, against the electricity that work
     * would cost (at least three offers with a measured-power estimate; null otherwise).
     */
    profitability(since: number): { payPerHourMicro: number; energyPerHourMicro: number } | null {
      const rows = recentPriced.all(since)
      if (rows.length < 3) return null
      let pay = 0
      let energy = 0
      let hours = 0
      for (const r of rows) {
        pay += r.max_micro * (r.unit === 'per1kItems' ? r.items / 1000 : r.predicted_run_ms / 1000)
        energy += r.energy_micro
        hours += r.predicted_run_ms / 3_600_000
      }
      return hours > 0 ? { payPerHourMicro: pay / hours, energyPerHourMicro: energy / hours } : null
    },
    /** Jobs this market awarded (its key id names it across restarts; the embedded market's key is new each run). */
    jobsFrom: (marketKey: string): Set<string> => new Set(jobsOf.all(marketKey).map((r) => r.job_id))
  }
}

export type OfferLog = ReturnType<typeof createOfferLog>
