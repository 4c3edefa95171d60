import type { Database } from 'better-sqlite3'
import type { BidDecision } from './bidPolicy'
import type { Offer } from './protocol'

/** The node's record of offers seen and what came of them (table market_offers). */
export function createOfferLog(db: Database) {
  const upsert = db.prepare(
    `INSERT INTO market_offers (offer_id, market, seen_at, kind, title, unit, currency, max_micro, items, decision, reason, detail, bid_micro, predicted_run_ms, energy_micro)
     VALUES (@offerId, @market, @seenAt, @kind, @title, @unit, @currency, @maxMicro, @items, @decision, @reason, @detail, @bidMicro, @runMs, @energyMicro)
     ON CONFLICT(offer_id) DO UPDATE SET seen_at = excluded.seen_at, decision = excluded.decision, reason = excluded.reason, detail = excluded.detail,
       bid_micro = excluded.bid_micro, predicted_run_ms = excluded.predicted_run_ms, energy_micro = excluded.energy_micro, outcome = NULL, winning_micro = NULL`
  )
  const outcome = db.prepare('UPDATE market_offers SET outcome = ?, winning_micro = ?, job_id = ? WHERE offer_id = ?')
  return {
    seen(market: string, offer: Offer, d: BidDecision, at: number): void {
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
        detail: d.decision === 'skip' ? d.detail : `bid ${d.priceMicro}`,
        bidMicro: d.decision === 'bid' ? d.priceMicro : null,
        runMs: d.predicted?.runMs ?? null,
        energyMicro: d.energyMicro
      })
    },
    won: (offerId: string, priceMicro: number, jobId: string): void => void outcome.run('won', priceMicro, jobId, offerId),
    lost: (offerId: string, winningMicro: number | null): void => void outcome.run('lost', winningMicro, null, offerId)
  }
}

export type OfferLog = ReturnType<typeof createOfferLog>
