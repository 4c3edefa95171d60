import { afterEach, describe, expect, it } from 'vitest'
import type { DeviceSample } from '../../../src-preload/contract'
import { openDatabase } from '../db/open'
import { tempDir } from '../test/tempCore'
import { chooseResolution, createTelemetryQuery } from './query'
import { createRollup, DAY_MS, MINUTE_MS } from './rollup'
import { createSampleStore, HOUR_MS } from './sampleStore'

const T0 = Date.UTC(2026, 10, 1, 0, 0, 0)
const dirs: { remove(): void }[] = []
const closers: (() => void)[] = []
afterEach(() => {
  closers.splice(0).forEach((c) => c())
  dirs.splice(0).forEach((d) => d.remove())
})

function setup() {
  const d = tempDir()
  dirs.push(d)
  const { db } = openDatabase(d.dir)
  closers.push(() => db.close())
  const store = createSampleStore(db, { maxGapMs: () => 5000 })
  const rollup = createRollup(db)
  const query = createTelemetryQuery(db)
  const gpu = (ts: number, values: DeviceSample['values'], throttle: string[] | null = null): DeviceSample => ({ device: 'GPU-a', ts, values, throttle })
  /** Rolls up and prunes until there is nothing left to do. */
  const settle = (now: number) => {
    let rounds = 0
    while (rollup.tick(now)) if (++rounds > 100_000) throw new Error('rollup never settles')
  }
  return { db, store, rollup, query, gpu, settle }
}

describe('telemetry storage', () => {
  it('writes a batch in one flush and reads it back raw', () => {
    const { store, query, gpu, db } = setup()
    for (let i = 0; i < 10; i++) store.add(gpu(T0 + i * 1000, { utilGpu: i * 10, tempC: 40 + i }, i === 9 ? ['sw_thermal_slowdown'] : null), 'gpu', 'RTX')
    expect(db.prepare('SELECT count(*) FROM samples_raw').pluck().get()).toBe(0)
    expect(store.flush()).toBe(T0)
    expect(db.prepare('SELECT count(*) FROM samples_raw').pluck().get()).toBe(10)
    const s = query.series({ device: 'GPU-a', metric: 'utilGpu', from: T0, to: T0 + 9000 }, T0 + 10_000)
    expect(s.resolution).toBe('raw')
    expect(s.avg).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90])
    expect(db.prepare('SELECT throttle FROM samples_raw WHERE ts = ?').pluck().get(T0 + 9000)).toBe('sw_thermal_slowdown')
  })

  it('rolls up complete minutes and hours with min/avg/max and sample counts', () => {
    const { store, query, gpu, settle } = setup()
    // Two hours at 1 Hz; utilization is the second within the minute (0…59).
    for (let t = 0; t < 2 * 3600; t++) store.add(gpu(T0 + t * 1000, { utilGpu: t % 60, powerW: 100 }), 'gpu', 'RTX')
    store.flush()
    settle(T0 + 2 * HOUR_MS + 60_000)
    const m = query.series({ device: 'GPU-a', metric: 'utilGpu', from: T0, to: T0 + 2 * HOUR_MS - 1 }, T0 + 4 * DAY_MS)
    expect(m.resolution).toBe('1m')
    expect(m.t).toHaveLength(120)
    expect(m.t[1]! - m.t[0]!).toBe(MINUTE_MS)
    // Averages are kept in whole units: 29.5 → 30.
    expect([m.min[0], m.avg[0], m.max[0]]).toEqual([0, 30, 59])
    const h = query.series({ device: 'GPU-a', metric: 'utilGpu', from: T0, to: T0 + 5 * DAY_MS }, T0 + 40 * DAY_MS)
    expect(h.resolution).toBe('1h')
    expect(h.t).toEqual([T0, T0 + HOUR_MS])
    expect([h.min[0], h.avg[0], h.max[0]]).toEqual([0, 30, 59])
  })

  it('completes an hourly chart with the minutes of the hour not rolled up yet', () => {
    const { store, query, gpu, settle } = setup()
    // 90 minutes of data: one complete hour, then 30 minutes of the next.
    for (let t = 0; t < 90 * 60; t++) store.add(gpu(T0 + t * 1000, { tempC: 50 }), 'gpu', 'x')
    store.flush()
    settle(T0 + 91 * MINUTE_MS)
    const s = query.series({ device: 'GPU-a', metric: 'tempC', from: T0, to: T0 + 7 * DAY_MS }, T0 + 40 * DAY_MS)
    expect(s.resolution).toBe('1h')
    expect(s.t[0]).toBe(T0)
    expect(s.t.slice(1)).toEqual(Array.from({ length: 30 }, (_, i) => T0 + HOUR_MS + i * MINUTE_MS))
  })

  it('weights an hour’s average by each minute’s sample count', () => {
    const { store, query, gpu, settle } = setup()
    // Minute 0: one sample at 0. Minute 1: three samples at 100. Mean of samples = 75, not 50.
    store.add(gpu(T0, { utilGpu: 0 }), 'gpu', 'x')
    for (const s of [0, 1, 2]) store.add(gpu(T0 + MINUTE_MS + s * 1000, { utilGpu: 100 }), 'gpu', 'x')
    store.flush()
    settle(T0 + 2 * HOUR_MS)
    const h = query.series({ device: 'GPU-a', metric: 'utilGpu', from: T0, to: T0 + 10 * DAY_MS }, T0 + 40 * DAY_MS)
    expect(h.avg[0]).toBe(75)
  })

  it('integrates energy from power per hour, splitting at the hour and skipping gaps', () => {
    const { store, query, gpu } = setup()
    const start = T0 + HOUR_MS - 2000
    // 200 W for 4 s across the hour boundary: 400 J before it, 400 J after.
    for (const t of [0, 1000, 2000, 3000, 4000]) store.add(gpu(start + t, { powerW: 200 }), 'gpu', 'x')
    // A 60 s gap (sampler down): no energy counted for it.
    store.add(gpu(start + 64_000, { powerW: 200 }), 'gpu', 'x')
    // null power breaks the chain too.
    store.add(gpu(start + 65_000, { powerW: null }), 'gpu', 'x')
    store.add(gpu(start + 66_000, { powerW: 300 }), 'gpu', 'x')
    store.flush()
    const rows = query.energy(T0, T0 + 3 * HOUR_MS)
    expect(rows).toEqual([
      { device: 'GPU-a', hour: T0, joules: 400, seconds: 2 },
      { device: 'GPU-a', hour: T0 + HOUR_MS, joules: 400, seconds: 2 }
    ])
  })

  it('does not count energy twice when the clock goes back', () => {
    const { store, query, gpu } = setup()
    for (const t of [0, 1000, 2000, 3000]) store.add(gpu(T0 + t, { powerW: 100 }), 'gpu', 'x')
    // The clock jumps back 2.5 s and runs on: up to 3 s was counted already; the chain restarts at
    // 3.5 s, so 3.5–4 s is added and nothing is counted twice.
    for (const t of [500, 1500, 2500, 3500, 4000]) store.add(gpu(T0 + t, { powerW: 100 }), 'gpu', 'x')
    store.flush()
    expect(query.energy(T0, T0 + HOUR_MS)[0]).toMatchObject({ joules: 350, seconds: 3.5 })
  })

  it('uses the trapezoid rule between readings', () => {
    const { store, query, gpu } = setup()
    store.add(gpu(T0, { powerW: 100 }), 'gpu', 'x')
    store.add(gpu(T0 + 2000, { powerW: 300 }), 'gpu', 'x')
    store.flush()
    expect(query.energy(T0, T0 + HOUR_MS)[0]!.joules).toBe(400)
  })

  it('keeps raw 48 h and minutes 30 days, pruning only what is rolled up', () => {
    const { store, gpu, settle, db } = setup()
    // One sample a minute for 32 days.
    for (let t = 0; t < 32 * 24 * 60; t++) store.add(gpu(T0 + t * MINUTE_MS, { tempC: 50 }), 'gpu', 'x')
    store.flush()
    // A minute after the last sample, so its hour is complete.
    const now = T0 + 32 * DAY_MS + MINUTE_MS
    settle(now)
    const oldest = (table: string) => db.prepare(`SELECT min(ts) FROM ${table}`).pluck().get() as number
    expect(oldest('samples_raw')).toBeGreaterThanOrEqual(now - 48 * HOUR_MS)
    expect(oldest('samples_1m')).toBeGreaterThanOrEqual(now - 30 * DAY_MS)
    expect(oldest('samples_1h')).toBe(T0)
    expect(db.prepare('SELECT count(*) FROM samples_1h').pluck().get()).toBe(32 * 24)
  })

  it('recomputes rolled-up minutes when the clock jumps back', () => {
    const { store, rollup, query, gpu, settle } = setup()
    for (let s = 0; s < 60; s++) store.add(gpu(T0 + s * 1000, { utilGpu: 10 }), 'gpu', 'x')
    store.flush()
    settle(T0 + 5 * MINUTE_MS)
    // The clock went back into the first minute: late samples land there.
    store.add(gpu(T0 + 500, { utilGpu: 70 }), 'gpu', 'x')
    const oldest = store.flush()!
    rollup.rewind(oldest, T0 + 5 * MINUTE_MS)
    settle(T0 + 5 * MINUTE_MS)
    const m = query.series({ device: 'GPU-a', metric: 'utilGpu', from: T0, to: T0 + 4 * HOUR_MS }, T0 + 5 * DAY_MS)
    expect(m.max[0]).toBe(70)
  })

  it('does a bounded amount of work per tick and says when more is left', () => {
    const { store, rollup, gpu, db, settle } = setup()
    for (let t = 0; t < 6 * 3600; t++) store.add(gpu(T0 + t * 1000, { utilGpu: 1 }), 'gpu', 'x')
    store.flush()
    expect(rollup.tick(T0 + 7 * HOUR_MS)).toBe(true)
    const minutes = () => db.prepare('SELECT count(*) FROM samples_1m').pluck().get() as number
    // One tick rolls one slice (10 minutes), not the 6 hours waiting.
    expect(minutes()).toBe(10)
    settle(T0 + 7 * HOUR_MS)
    expect(minutes()).toBe(6 * 60)
  })

  it('refuses a query for an unknown device or a metric the device does not have', () => {
    const { store, query, gpu } = setup()
    store.add(gpu(T0, { utilGpu: 1 }), 'gpu', 'x')
    store.flush()
    expect(() => query.series({ device: 'nope', metric: 'utilGpu', from: T0, to: T0 + 1 }, T0)).toThrow(/No telemetry recorded/)
    expect(() => query.series({ device: 'GPU-a', metric: 'cpuUtil', from: T0, to: T0 + 1 }, T0)).toThrow(/not reported by a gpu/)
  })

  it('chooses the resolution from the span and what is still kept', () => {
    const now = T0 + 60 * DAY_MS
    expect(chooseResolution(now - HOUR_MS, now, now)).toBe('raw')
    expect(chooseResolution(now - 24 * HOUR_MS, now, now)).toBe('1m')
    expect(chooseResolution(now - 7 * DAY_MS, now, now)).toBe('1h')
    expect(chooseResolution(now - 30 * DAY_MS, now, now)).toBe('1h')
    // An hour long ago is no longer kept raw.
    expect(chooseResolution(now - 3 * DAY_MS, now - 3 * DAY_MS + HOUR_MS, now)).toBe('1m')
    expect(chooseResolution(now - 40 * DAY_MS, now - 40 * DAY_MS + HOUR_MS, now)).toBe('1h')
  })
})
