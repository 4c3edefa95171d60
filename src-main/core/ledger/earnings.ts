import type { Database } from 'better-sqlite3'
import type { EarningsPeriod, EarningsSummary, JobKind, LedgerKind, MoneyTotals } from '../../../src-preload/contract'

interface Row {
  at: number
  kind: LedgerKind
  amount_micro: number
  currency: string
  job_id: string | null
  job_kind: JobKind | null
  settled_at: number | null
}

const DAY = 86_400_000

export const nodeTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone

/** The `count` local days ending with the day holding `now`, as local midnights, oldest first (DST-safe). */
export function lastLocalDays(now: number, count: number): number[] {
  const today = new Date(now)
  return Array.from({ length: count }, (_, i) => new Date(today.getFullYear(), today.getMonth(), today.getDate() - (count - 1 - i)).getTime())
}

/** Local midnight of the day holding `t`. */
export const localDay = (t: number): number => {
  const d = new Date(t)
  d.setHours(0, 0, 0, 0)
  return d.getTime()
}

function emptyTotals(currency: string): MoneyTotals {
  return { currency, earnedMicro: 0, penaltyMicro: 0, feeMicro: 0, netMicro: 0, pendingMicro: 0, settledMicro: 0, jobs: 0, energyMicro: 0, energyJobs: 0, netAfterEnergyMicro: 0 }
}

/** Adds ledger rows into per-currency totals. Payouts move money out to the owner: they are not earnings. */
class Tally {
  private byCurrency = new Map<string, MoneyTotals & { jobIds: Set<string> }>()
  private of(currency: string) {
    let t = this.byCurrency.get(currency)
    if (!t) this.byCurrency.set(currency, (t = { ...emptyTotals(currency), jobIds: new Set() }))
    return t
  }
  /** A job's measured electricity, counted against the money it earned. */
  addEnergy(currency: string, micro: number): void {
    const t = this.of(currency)
    t.energyMicro += micro
    t.energyJobs++
  }
  add(r: Row): void {
    if (r.kind === 'payout') return
    const t = this.of(r.currency)
    if (r.kind === 'earning') t.earnedMicro += r.amount_micro
    if (r.kind === 'penalty') t.penaltyMicro += r.amount_micro
    if (r.kind === 'fee') t.feeMicro += r.amount_micro
    t.netMicro += r.amount_micro
    // A job's money is pending until its buyer settles it; adjustments stand on their own.
    if (r.job_id !== null && r.settled_at === null) t.pendingMicro += r.amount_micro
    else t.settledMicro += r.amount_micro
    if (r.job_id) t.jobIds.add(r.job_id)
  }
  totals(): MoneyTotals[] {
    return [...this.byCurrency.values()].map(({ jobIds, ...t }) => ({ ...t, jobs: jobIds.size, netAfterEnergyMicro: t.netMicro - t.energyMicro })).sort((a, b) => a.currency.localeCompare(b.currency))
  }
}

/** Earnings from the ledger: per period, per job kind, per local day (last 30 days). */
export function earningsSummary(db: Database, now: number): EarningsSummary {
  const rows = db
    .prepare<[], Row>('SELECT l.at, l.kind, l.amount_micro, l.currency, l.job_id, j.kind AS job_kind, j.settled_at FROM ledger l LEFT JOIN jobs j ON j.id = l.job_id ORDER BY l.seq')
    .iterate()
  const starts: Record<EarningsPeriod, number | null> = { today: localDay(now), '7d': now - 7 * DAY, '30d': now - 30 * DAY, all: null }
  const periods = Object.fromEntries(Object.keys(starts).map((p) => [p, new Tally()])) as Record<EarningsPeriod, Tally>
  const kinds = new Map<JobKind, Tally>()
  const daily = new Map<string, { day: number; currency: string; netMicro: number }>()
  const firstDay = localDay(now - 29 * DAY)
  for (const r of rows) {
    for (const [p, from] of Object.entries(starts) as [EarningsPeriod, number | null][]) if (from === null || r.at >= from) periods[p].add(r)
    if (r.job_kind) {
      if (!kinds.has(r.job_kind)) kinds.set(r.job_kind, new Tally())
      kinds.get(r.job_kind)!.add(r)
    }
    if (r.at >= firstDay && r.kind !== 'payout') {
      const day = localDay(r.at)
      const key = `${day}:${r.currency}`
      const d = daily.get(key) ?? { day, currency: r.currency, netMicro: 0 }
      d.netMicro += r.amount_micro
      daily.set(key, d)
    }
  }
  // Electricity per job, by when the job ended (the money for it may be settled later).
  const energy = db.prepare<[], { ended_at: number; currency: string; kind: JobKind; cost: number }>('SELECT ended_at, currency, kind, energy_cost_micro AS cost FROM jobs WHERE energy_cost_micro IS NOT NULL').iterate()
  for (const e of energy) {
    for (const [p, from] of Object.entries(starts) as [EarningsPeriod, number | null][]) if (from === null || e.ended_at >= from) periods[p].addEnergy(e.currency, e.cost)
    if (!kinds.has(e.kind)) kinds.set(e.kind, new Tally())
    kinds.get(e.kind)!.addEnergy(e.currency, e.cost)
    if (e.ended_at >= firstDay) {
      const day = localDay(e.ended_at)
      const key = `${day}:${e.currency}`
      const d = daily.get(key) ?? { day, currency: e.currency, netMicro: 0 }
      d.netMicro -= e.cost
      daily.set(key, d)
    }
  }
  return {
    now,
    periods: (Object.keys(starts) as EarningsPeriod[]).map((period) => ({ period, from: starts[period], totals: periods[period].totals() })),
    byKind: [...kinds.entries()].map(([kind, t]) => ({ kind, totals: t.totals() })),
    daily: [...daily.values()].sort((a, b) => a.day - b.day),
    days: lastLocalDays(now, 30),
    timeZone: nodeTimeZone()
  }
}

/** How money is named to people: demo-market money is always demo credits. */
export const currencyName = (currency: string): string => (currency === 'DEMO' ? 'demo credits' : currency)

/** Micro-units as an exact decimal string ("-1.250000"). */
export function microToDecimal(micro: number): string {
  const sign = micro < 0 ? '-' : ''
  const abs = Math.abs(micro)
  return `${sign}${Math.floor(abs / 1e6)}.${String(abs % 1e6).padStart(6, '0')}`
}

const csvCell = (v: string): string => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)

/** Every ledger row as CSV, oldest first, amounts exact. */
export function ledgerCsv(db: Database): string {
  const lines = ['seq,time_utc,kind,job_id,amount,currency,memo,prev_hash,hash']
  const rows = db.prepare<[], { seq: number; at: number; kind: string; job_id: string | null; amount_micro: number; currency: string; memo: string; prev_hash: string; hash: string }>('SELECT * FROM ledger ORDER BY seq').iterate()
  for (const r of rows) {
    lines.push([String(r.seq), new Date(r.at).toISOString(), r.kind, r.job_id ?? '', microToDecimal(r.amount_micro), r.currency, csvCell(r.memo), r.prev_hash, r.hash].join(','))
  }
  return `${lines.join('\n')}\n`
}
