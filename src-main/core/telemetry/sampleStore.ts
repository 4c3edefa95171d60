import type { Database } from 'better-sqlite3'
import type { DeviceSample } from '../../../src-preload/contract'
import { metricColumns, metricNames } from './metrics'

export const HOUR_MS = 3_600_000

interface Pending {
  deviceId: number
  sample: DeviceSample
}

/**
 * Buffers samples and writes them in one transaction per flush; integrates energy (joules) from
 * power readings per device per hour. Gaps longer than maxGapMs (sampler down, clock jump) add
 * no energy: unknown is not counted as zero or as the last value.
 */
export function createSampleStore(db: Database, options: { maxGapMs: () => number }) {
  const deviceIds = new Map<string, number>()
  const lastPower = new Map<number, { ts: number; watts: number }>()
  const energy = new Map<string, { deviceId: number; hour: number; joules: number; seconds: number }>()
  let pending: Pending[] = []

  const insertDevice = db.prepare(
    'INSERT INTO devices (key, kind, name, first_seen, last_seen) VALUES (?, ?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET name = excluded.name, last_seen = excluded.last_seen RETURNING id'
  )
  const touchDevice = db.prepare('UPDATE devices SET last_seen = max(last_seen, ?) WHERE id = ?')
  const insertRaw = db.prepare(
    `INSERT OR REPLACE INTO samples_raw (device_id, ts, ${metricColumns.join(', ')}, throttle) VALUES (?, ?, ${metricColumns.map(() => '?').join(', ')}, ?)`
  )
  const addEnergy = db.prepare(
    'INSERT INTO energy_hourly (device_id, hour, joules, seconds) VALUES (?, ?, ?, ?) ON CONFLICT(device_id, hour) DO UPDATE SET joules = joules + excluded.joules, seconds = seconds + excluded.seconds'
  )
  const selectDevices = db.prepare<[], { id: number; key: string }>('SELECT id, key FROM devices')
  for (const d of selectDevices.all()) deviceIds.set(d.key, d.id)

  function deviceId(key: string, kind: 'gpu' | 'host', name: string, ts: number): number {
    const known = deviceIds.get(key)
    if (known !== undefined) return known
    const row = insertDevice.get(key, kind, name, ts, ts) as { id: number }
    deviceIds.set(key, row.id)
    return row.id
  }

  /** The latest time energy was counted up to, per device: after the clock goes back, the re-lived
   * stretch is not counted twice. */
  const countedUntil = new Map<number, number>()

  function integrate(id: number, ts: number, watts: number | null | undefined) {
    if (watts === null || watts === undefined) {
      lastPower.delete(id)
      return
    }
    if (ts <= (countedUntil.get(id) ?? -Infinity)) {
      lastPower.delete(id)
      return
    }
    const prev = lastPower.get(id)
    lastPower.set(id, { ts, watts })
    if (!prev) return
    const dt = ts - prev.ts
    if (dt <= 0 || dt > options.maxGapMs()) return
    countedUntil.set(id, ts)
    // Trapezoid rule, split at the hour boundary so each hour gets its own share.
    let t = prev.ts
    while (t < ts) {
      const hour = Math.floor(t / HOUR_MS) * HOUR_MS
      const end = Math.min(ts, hour + HOUR_MS)
      const share = (end - t) / 1000
      const key = `${id}:${hour}`
      const acc = energy.get(key) ?? { deviceId: id, hour, joules: 0, seconds: 0 }
      acc.joules += ((prev.watts + watts) / 2) * share
      acc.seconds += share
      energy.set(key, acc)
      t = end
    }
  }

  return {
    /** Registers the device on first sight and queues the sample. */
    add(sample: DeviceSample, kind: 'gpu' | 'host', name: string): void {
      const id = deviceId(sample.device, kind, name, sample.ts)
      pending.push({ deviceId: id, sample })
      if (kind === 'gpu') integrate(id, sample.ts, sample.values.powerW)
    },

    /** Writes everything queued in one transaction; returns the oldest timestamp written (or null). */
    flush(): number | null {
      if (pending.length === 0 && energy.size === 0) return null
      const rows = pending
      const acc = [...energy.values()]
      pending = []
      energy.clear()
      let oldest: number | null = null
      const lastSeen = new Map<number, number>()
      db.transaction(() => {
        for (const { deviceId: id, sample } of rows) {
          insertRaw.run(id, sample.ts, ...metricNames.map((m) => sample.values[m] ?? null), sample.throttle ? sample.throttle.join(',') : null)
          oldest = oldest === null ? sample.ts : Math.min(oldest, sample.ts)
          lastSeen.set(id, Math.max(lastSeen.get(id) ?? 0, sample.ts))
        }
        for (const e of acc) addEnergy.run(e.deviceId, e.hour, e.joules, e.seconds)
        for (const [id, ts] of lastSeen) touchDevice.run(ts, id)
      })()
      return oldest
    }
  }
}

export type SampleStore = ReturnType<typeof createSampleStore>
