import { describe, expect, it } from 'vitest'
import { decide, freshMemory, TEMP_HYSTERESIS_C, type PolicyInputs, type PolicyMemory } from './policy'
import { ALWAYS, localSlot, nextChange, scheduleAllows, scheduleSchema } from './schedule'

// Wednesday 2026-11-25 12:00 UTC.
const T = Date.UTC(2026, 10, 25, 12, 0, 0)
const base: PolicyInputs = {
  now: T,
  timeZone: 'UTC',
  manual: null,
  idleSeconds: null,
  idleOnly: true,
  idleMinutes: 10,
  games: [],
  gpuForeign: [],
  cooldownSec: 60,
  schedule: ALWAYS,
  tempC: 60,
  tempLimitC: 83,
  powerW: 200,
  powerCapW: null,
  profit: null,
  pauseWhenUnprofitable: false,
  marketConnected: true
}
const run = (i: Partial<PolicyInputs>, m: PolicyMemory = freshMemory()) => decide({ ...base, ...i }, m)

/** Hours of a schedule string, Monday 00:00 first. */
const only = (hours: number[]) => Array.from({ length: 168 }, (_, h) => (hours.includes(h) ? '1' : '0')).join('')

describe('policy engine', () => {
  it.each([
    ['earning when nothing stands in the way', {}, 'earning', 'ready'],
    ['paused by the owner', { manual: { until: null } }, 'paused', 'manual'],
    ['paused too hot at the limit', { tempC: 83 }, 'paused', 'too-hot'],
    ['paused over the power cap', { powerW: 251, powerCapW: 250 }, 'paused', 'power'],
    ['paused for a game', { games: ['Cyberpunk2077.exe'] }, 'paused', 'game'],
    ['paused for a foreign GPU process', { gpuForeign: ['blender'] }, 'paused', 'gpu-busy'],
    ['paused outside the schedule', { schedule: only([0]) }, 'paused', 'schedule'],
    ['waiting while the owner is active', { idleSeconds: 30 }, 'waiting', 'user-active'],
    ['paused when unprofitable and asked to', { pauseWhenUnprofitable: true, profit: { payPerHourMicro: 10, energyPerHourMicro: 11 } }, 'paused', 'unprofitable'],
    ['waiting without a market', { marketConnected: false }, 'waiting', 'no-market']
  ] as const)('%s', (_, inputs, state, reason) => {
    expect(run(inputs as Partial<PolicyInputs>).decision).toMatchObject({ state, reason })
  })

  it('puts the owner first, then safety, then the owner’s own use of the machine', () => {
    const everything: Partial<PolicyInputs> = { manual: { until: null }, tempC: 95, powerW: 500, powerCapW: 100, games: ['game.exe'], gpuForeign: ['x'], schedule: only([0]), idleSeconds: 1, marketConnected: false }
    expect(run(everything).decision.reason).toBe('manual')
    // A disk that cannot store results holds work back before anything else the node decides.
    expect(run({ ...everything, manual: null, storage: { line: 'Paused: disk full' } }).decision).toMatchObject({ state: 'paused', reason: 'storage', detail: 'Paused: disk full' })
    expect(run({ ...everything, storage: { line: 'Paused: disk full' } }).decision.reason).toBe('manual')
    expect(run({ ...everything, manual: null }).decision.reason).toBe('too-hot')
    expect(run({ ...everything, manual: null, tempC: 50 }).decision.reason).toBe('power')
    expect(run({ ...everything, manual: null, tempC: 50, powerCapW: null }).decision.reason).toBe('game')
  })

  it('keeps a hot GPU paused until it has cooled below the limit minus the hysteresis', () => {
    let m = run({ tempC: 84 }).memory
    expect(m.hot).toBe(true)
    for (const t of [82, 80, 79]) {
      const r = run({ tempC: t }, m)
      expect(r.decision.reason).toBe('too-hot')
      m = r.memory
    }
    const cool = run({ tempC: 83 - TEMP_HYSTERESIS_C }, m)
    expect(cool.decision.state).toBe('earning')
    // A reading that is missing does not clear the latch.
    expect(run({ tempC: null }, run({ tempC: 90 }).memory).decision.reason).toBe('too-hot')
  })

  it('applies the power cap with 10 % hysteresis, and none without a cap', () => {
    const m = run({ powerW: 260, powerCapW: 250 }).memory
    expect(run({ powerW: 240, powerCapW: 250 }, m).decision.reason).toBe('power')
    expect(run({ powerW: 224, powerCapW: 250 }, m).decision.state).toBe('earning')
    expect(run({ powerW: 10_000, powerCapW: null }).decision.state).toBe('earning')
  })

  it('waits a cooldown after a game closes, counting down, then earns', () => {
    const m = run({ games: ['eldenring.exe'] }).memory
    const soon = run({ now: T + 20_000 }, m)
    expect(soon.decision).toMatchObject({ state: 'waiting', reason: 'game', until: T + 60_000 })
    expect(soon.decision.detail).toContain('eldenring.exe closed; resuming in 0:40')
    expect(soon.decision.culprit).toBe('eldenring.exe')
    expect(run({ now: T + 60_000 }, m).decision).toMatchObject({ state: 'earning', culprit: null })
    // A GPU process: same cooldown, its own reason.
    expect(run({ now: T + 1000 }, run({ gpuForeign: ['blender'] }).memory).decision.reason).toBe('gpu-busy')
  })

  it('counts down to idle in idle-only mode, and ignores activity when always-on', () => {
    const r = run({ idleSeconds: 348 })
    expect(r.decision).toMatchObject({ state: 'waiting', reason: 'user-active', until: T + 252_000 })
    expect(r.decision.detail).toBe('Waiting — idle in 4:12')
    expect(run({ idleSeconds: 600 }).decision.state).toBe('earning')
    expect(run({ idleSeconds: 5, idleOnly: false }).decision.state).toBe('earning')
    // Headless rigs: nothing measures input, so nothing holds work back.
    expect(run({ idleSeconds: null }).decision.state).toBe('earning')
  })

  it('does not pause for profit unless asked, or when pay covers the energy', () => {
    expect(run({ profit: { payPerHourMicro: 1, energyPerHourMicro: 100 } }).decision.state).toBe('earning')
    expect(run({ pauseWhenUnprofitable: true, profit: { payPerHourMicro: 100, energyPerHourMicro: 100 } }).decision.state).toBe('earning')
  })
})

describe('weekly schedule', () => {
  it('validates: 168 hours of 0/1 with at least one allowed', () => {
    expect(scheduleSchema.safeParse(ALWAYS).success).toBe(true)
    expect(scheduleSchema.safeParse('1'.repeat(167)).success).toBe(false)
    expect(scheduleSchema.safeParse('2'.repeat(168)).success).toBe(false)
    expect(scheduleSchema.safeParse('0'.repeat(168)).error?.issues[0]?.message).toMatch(/no hour to work in/)
  })

  it('reads the wall clock of the node’s time zone, Monday first', () => {
    expect(localSlot(T, 'UTC')).toEqual({ day: 2, hour: 12 })
    expect(localSlot(T, 'Asia/Tokyo')).toEqual({ day: 2, hour: 21 })
    // 23:30 on Sunday in New York is already Monday in UTC.
    expect(localSlot(Date.UTC(2026, 10, 30, 4, 30), 'America/New_York')).toEqual({ day: 6, hour: 23 })
  })

  it('handles nights across midnight and the end of the week', () => {
    // Allowed 22:00–06:00 every night.
    const nights = only(Array.from({ length: 168 }, (_, h) => h).filter((h) => h % 24 >= 22 || h % 24 < 6))
    expect(scheduleAllows(nights, Date.UTC(2026, 10, 25, 23, 0), 'UTC')).toBe(true)
    expect(scheduleAllows(nights, Date.UTC(2026, 10, 26, 5, 59), 'UTC')).toBe(true)
    expect(scheduleAllows(nights, Date.UTC(2026, 10, 26, 6, 0), 'UTC')).toBe(false)
    // Sunday 23:00 → Monday 00:00 wraps to the start of the string.
    expect(scheduleAllows(only([167]), Date.UTC(2026, 10, 29, 23, 10), 'UTC')).toBe(true)
    expect(nextChange(only([167]), Date.UTC(2026, 10, 29, 23, 10), 'UTC')).toBe(Date.UTC(2026, 10, 30, 0, 0))
    expect(nextChange(ALWAYS, T, 'UTC')).toBeNull()
  })

  it('follows daylight saving: the local hour, not the UTC one', () => {
    // Europe/Berlin: Sunday 2026-03-29 02:00 → 03:00 (CEST). Allowed only Sunday 03:00–04:00 local.
    const sunday3 = only([6 * 24 + 3])
    expect(scheduleAllows(sunday3, Date.UTC(2026, 2, 29, 1, 30), 'Europe/Berlin')).toBe(true) // 03:30 CEST
    expect(scheduleAllows(sunday3, Date.UTC(2026, 2, 29, 0, 30), 'Europe/Berlin')).toBe(false) // 01:30 CET
    // Autumn: 2026-10-25 02:00–03:00 happens twice; both are the 02 hour.
    const sunday2 = only([6 * 24 + 2])
    expect(scheduleAllows(sunday2, Date.UTC(2026, 9, 25, 0, 30), 'Europe/Berlin')).toBe(true) // 02:30 CEST
    expect(scheduleAllows(sunday2, Date.UTC(2026, 9, 25, 1, 30), 'Europe/Berlin')).toBe(true) // 02:30 CET
    expect(nextChange(sunday2, Date.UTC(2026, 9, 25, 0, 30), 'Europe/Berlin')).toBe(Date.UTC(2026, 9, 25, 2, 0))
    // A zone offset by :30 flips on its own half hour.
    expect(nextChange(only([2 * 24 + 18]), Date.UTC(2026, 10, 25, 12, 0), 'Asia/Kolkata')).toBe(Date.UTC(2026, 10, 25, 12, 30))
  })
})

describe('tariff', () => {
  it('charges the peak price in peak hours of the local day, the flat one otherwise or without a peak price', async () => {
    const { tariffAt, energyCostMicro } = await import('./tariff')
    const s = { tariffMicroPerKwh: 200_000, tariffPeakMicroPerKwh: 450_000, peakHours: '000000000000000001111000' }
    expect(tariffAt(s, Date.UTC(2026, 10, 25, 18, 0), 'UTC')).toBe(450_000)
    expect(tariffAt(s, Date.UTC(2026, 10, 25, 21, 0), 'UTC')).toBe(200_000)
    // 18:00 UTC is 19:00 in Berlin: still peak; 16:30 UTC is 17:30 there: peak too.
    expect(tariffAt(s, Date.UTC(2026, 10, 25, 16, 30), 'Europe/Berlin')).toBe(450_000)
    expect(tariffAt({ ...s, tariffPeakMicroPerKwh: 0 }, Date.UTC(2026, 10, 25, 18, 0), 'UTC')).toBe(200_000)
    // 1 kWh = 3.6 MJ.
    expect(energyCostMicro(3.6e6, 300_000)).toBe(300_000)
    expect(energyCostMicro(1800, 1_000_000)).toBe(500)
  })
})
