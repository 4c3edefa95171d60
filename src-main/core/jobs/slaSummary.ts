import type { Database } from 'better-sqlite3'
import type { JobVerdict, SlaBound, SlaSummary } from '../../../src-preload/contract'
import { lastLocalDays, localDay, nodeTimeZone } from '../ledger/earnings'

const BOUNDS: SlaBound[] = ['latencyP95', 'throughput', 'accuracy', 'deadline']

/** SLA compliance of the jobs that ended in the last `days` days, from their stored verdicts (failures the node caused count as breaches). */
export function slaSummary(db: Database, now: number, days: number): SlaSummary {
  const from = now - days * 86_400_000
  const rows = db.prepare<[number], { id: string; ended_at: number; verdict: string }>("SELECT id, ended_at, verdict FROM jobs WHERE state IN ('done', 'failed') AND verdict IS NOT NULL AND ended_at >= ? ORDER BY ended_at").iterate(from)
  const perBound = new Map(BOUNDS.map((b) => [b, { bound: b, checked: 0, met: 0 }]))
  const daily = new Map<string, { day: number; bound: SlaBound; checked: number; met: number }>()
  const breaches: SlaSummary['breaches'] = []
  let jobs = 0
  let metJobs = 0
  for (const r of rows) {
    const verdict = JSON.parse(r.verdict) as JobVerdict
    jobs++
    if (verdict.met) metJobs++
    const day = localDay(r.ended_at)
    for (const b of verdict.bounds) {
      const t = perBound.get(b.bound)!
      t.checked++
      if (b.met) t.met++
      const key = `${day}:${b.bound}`
      const d = daily.get(key) ?? { day, bound: b.bound, checked: 0, met: 0 }
      d.checked++
      if (b.met) d.met++
      daily.set(key, d)
      if (!b.met) breaches.push({ jobId: r.id, at: r.ended_at, bound: b.bound, limit: b.limit, measured: b.measured, reason: b.reason })
    }
  }
  return {
    days,
    jobs,
    metJobs,
    compliancePct: jobs ? (100 * metJobs) / jobs : null,
    perBound: [...perBound.values()].map((b) => ({ ...b, pct: b.checked ? (100 * b.met) / b.checked : null })),
    daily: [...daily.values()].sort((a, b) => a.day - b.day),
    dayStarts: lastLocalDays(now, days + 1),
    timeZone: nodeTimeZone(),
    breaches: breaches.reverse().slice(0, 200)
  }
}
