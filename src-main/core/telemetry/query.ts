import type { Database } from 'better-sqlite3'
import type { EnergyRow, Resolution, TelemetryQuery, TelemetrySeries } from '../../../src-preload/contract'
import { IngotError } from '../errors'
import { metrics } from './metrics'
import { DAY_MS, defaultRetention, type Retention } from './rollup'
import { HOUR_MS } from './sampleStore'

/**
 * The finest resolution that both still holds the whole span and keeps the chart to a few
 * thousand points: raw up to 3 h, 1-minute up to 3 days, hourly beyond.
 */
export function chooseResolution(from: number, to: number, now: number, retention: Retention = defaultRetention): Resolution {
  const span = to - from
  if (span <= 3 * HOUR_MS && from >= now - retention.rawMs) return 'raw'
  if (span <= 3 * DAY_MS && from >= now - retention.minuteMs) return '1m'
  return '1h'
}

export function createTelemetryQuery(db: Database, retention: Retention = defaultRetention) {
  const deviceId = db.prepare<[string], { id: number; kind: string }>('SELECT id, kind FROM devices WHERE key = ?')
  const energy = db.prepare<[number, number], { key: string; hour: number; joules: number; seconds: number }>(
    'SELECT d.key, e.hour, e.joules, e.seconds FROM energy_hourly e JOIN devices d ON d.id = e.device_id WHERE e.hour >= ? AND e.hour < ? ORDER BY e.hour, d.key'
  )
  const energyTotals = db.prepare<[], { key: string; joules: number }>(
    'SELECT d.key, sum(e.joules) AS joules FROM energy_hourly e JOIN devices d ON d.id = e.device_id GROUP BY d.key'
  )
  const statements = new Map<string, ReturnType<Database['prepare']>>()
  const statement = (sql: string) => {
    let s = statements.get(sql)
    if (!s) statements.set(sql, (s = db.prepare(sql)))
    return s
  }

  return {
    series(q: TelemetryQuery, now: number): TelemetrySeries {
      const def = metrics[q.metric]
      const device = deviceId.get(q.device)
      if (!device) throw new IngotError('E_NOT_FOUND', `No telemetry recorded for device "${q.device}".`, 'device')
      if (def.device !== device.kind) throw new IngotError('E_BAD_INPUT', `metric: ${q.metric} is not reported by a ${device.kind} device.`, 'metric')
      const resolution = chooseResolution(q.from, q.to, now, retention)
      const c = def.column
      const sql =
        resolution === 'raw'
          ? `SELECT ts, ${c} AS avg, ${c} AS min, ${c} AS max FROM samples_raw WHERE ts >= ? AND ts <= ? AND device_id = ? ORDER BY ts`
          : `SELECT ts, ${c}_avg AS avg, ${c}_min AS min, ${c}_max AS max FROM samples_${resolution} WHERE ts >= ? AND ts <= ? AND device_id = ? ORDER BY ts`
      type Point = [number, number | null, number | null, number | null]
      const rows = statement(sql).raw().all(q.from, q.to, device.id) as Point[]
      if (resolution === '1h') {
        // The hour in progress is not rolled up yet: its minutes complete the chart up to now.
        const after = rows.length ? rows.at(-1)![0] + HOUR_MS : q.from
        const tail = statement(`SELECT ts, ${c}_avg AS avg, ${c}_min AS min, ${c}_max AS max FROM samples_1m WHERE ts >= ? AND ts <= ? AND device_id = ? ORDER BY ts`)
        rows.push(...(tail.raw().all(after, q.to, device.id) as Point[]))
      }
      return {
        device: q.device,
        metric: q.metric,
        resolution,
        t: rows.map((r) => r[0]),
        avg: rows.map((r) => r[1]),
        min: rows.map((r) => r[2]),
        max: rows.map((r) => r[3])
      }
    },

    /** Joules per device over everything recorded. */
    energyTotals(): Map<string, number> {
      return new Map(energyTotals.all().map((r) => [r.key, r.joules]))
    },

    energy(from: number, to: number): EnergyRow[] {
      return energy.all(from, to).map((r) => ({ device: r.key, hour: r.hour, joules: r.joules, seconds: r.seconds }))
    }
  }
}
