import type { Database } from 'better-sqlite3'
import { HOUR_MS } from './sampleStore'
import { metricColumns } from './metrics'

export const MINUTE_MS = 60_000
export const DAY_MS = 24 * HOUR_MS

export interface Retention {
  rawMs: number
  minuteMs: number
}
export const defaultRetention: Retention = { rawMs: 48 * HOUR_MS, minuteMs: 30 * DAY_MS }

const floorTo = (t: number, step: number) => Math.floor(t / step) * step

/**
 * Incremental 1-minute and 1-hour rollups (min/avg/max per metric, n samples) and retention.
 * Each step does a bounded slice of work in its own short transaction, so a backlog (after a
 * restart, or a clock jump) is worked off over several ticks without ever blocking for long.
 */
export function createRollup(db: Database, options: { retention?: Retention; sliceMinutes?: number; graceMs?: number } = {}) {
  const retention = options.retention ?? defaultRetention
  const sliceMs = (options.sliceMinutes ?? 10) * MINUTE_MS
  const graceMs = options.graceMs ?? 10_000

  const getMark = db.prepare<[string], { value: string }>('SELECT value FROM node_state WHERE key = ?')
  const setMark = db.prepare(
    'INSERT INTO node_state (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at'
  )
  const mark = (key: string): number | null => {
    const v = getMark.get(key)
    return v ? Number(v.value) : null
  }

  // Averages are rounded to whole units (%, °C, MiB, MHz, W are fine-grained enough for charts):
  // SQLite stores whole REALs as small integers instead of 8-byte floats, which keeps 30 days of
  // minutes within the storage budget. Energy is integrated separately, at full precision.
  const minuteCols = metricColumns.map((c) => `min(${c}), round(avg(${c})), max(${c})`).join(', ')
  const rolledCols = metricColumns.map((c) => `${c}_min, ${c}_avg, ${c}_max`).join(', ')
  const rollMinutes = db.prepare(
    `INSERT OR REPLACE INTO samples_1m (device_id, ts, n, ${rolledCols})
     SELECT device_id, (ts / ${MINUTE_MS}) * ${MINUTE_MS} AS bucket, count(*), ${minuteCols}
     FROM samples_raw WHERE ts >= ? AND ts < ? GROUP BY device_id, bucket`
  )
  // An hour's average weights each minute by its sample count.
  const hourCols = metricColumns
    .map((c) => `min(${c}_min), round(sum(${c}_avg * n) / nullif(sum(CASE WHEN ${c}_avg IS NULL THEN 0 ELSE n END), 0)), max(${c}_max)`)
    .join(', ')
  const rollHours = db.prepare(
    `INSERT OR REPLACE INTO samples_1h (device_id, ts, n, ${rolledCols})
     SELECT device_id, (ts / ${HOUR_MS}) * ${HOUR_MS} AS bucket, sum(n), ${hourCols}
     FROM samples_1m WHERE ts >= ? AND ts < ? GROUP BY device_id, bucket`
  )
  const oldestRaw = db.prepare<[], { ts: number | null }>('SELECT min(ts) AS ts FROM samples_raw')
  const oldestMinute = db.prepare<[], { ts: number | null }>('SELECT min(ts) AS ts FROM samples_1m')
  const pruneRaw = db.prepare('DELETE FROM samples_raw WHERE ts < ? AND ts < ?')
  const pruneMinutes = db.prepare('DELETE FROM samples_1m WHERE ts < ? AND ts < ?')

  /** Rolls one slice of complete periods after the watermark; true when more is left. */
  function step(key: string, period: number, upTo: number, firstData: () => number | null, roll: (from: number, to: number) => void, now: number) {
    const target = floorTo(upTo, period)
    let from = mark(key)
    if (from === null) {
      const first = firstData()
      if (first === null) return false
      from = floorTo(first, period)
    }
    if (from >= target) return false
    const to = Math.min(target, from + Math.max(period, floorTo(sliceMs, period)))
    db.transaction(() => {
      roll(from, to)
      setMark.run(key, String(to), now)
    })()
    return to < target
  }

  return {
    /** New samples older than a watermark (the clock went back): recompute from there. */
    rewind(oldestTs: number, now: number): void {
      for (const [key, period] of [['rollup_1m_until', MINUTE_MS], ['rollup_1h_until', HOUR_MS]] as const) {
        const m = mark(key)
        if (m !== null && oldestTs < m) setMark.run(key, String(floorTo(oldestTs, period)), now)
      }
    },

    /** One bounded round of work; returns true when a backlog remains. */
    tick(now: number): boolean {
      const minutesLeft = step('rollup_1m_until', MINUTE_MS, now - graceMs, () => oldestRaw.get()?.ts ?? null, (a, b) => rollMinutes.run(a, b), now)
      const minuteMark = mark('rollup_1m_until') ?? 0
      const hoursLeft = step('rollup_1h_until', HOUR_MS, minuteMark, () => oldestMinute.get()?.ts ?? null, (a, b) => rollHours.run(a, b), now)
      // Retention deletes a slice at a time, and never data that is not rolled up yet.
      const rawFloor = oldestRaw.get()?.ts
      let pruned = false
      if (rawFloor != null && rawFloor < now - retention.rawMs) {
        pruned = pruneRaw.run(Math.min(now - retention.rawMs, minuteMark), rawFloor + sliceMs).changes > 0
      }
      const minuteFloor = oldestMinute.get()?.ts
      const hourMark = mark('rollup_1h_until') ?? 0
      if (minuteFloor != null && minuteFloor < now - retention.minuteMs) {
        pruned = pruneMinutes.run(Math.min(now - retention.minuteMs, hourMark), minuteFloor + 24 * sliceMs).changes > 0 || pruned
      }
      return minutesLeft || hoursLeft || pruned
    }
  }
}

export type Rollup = ReturnType<typeof createRollup>
