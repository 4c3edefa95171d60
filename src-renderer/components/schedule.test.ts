import { describe, expect, it } from 'vitest'
import { allowedHours, daySlots, EVENING_PEAK, hourSlots, NO_PEAK, peakHoursText, schedulePresets, scheduleSummary, slot, toggleSlots, togglePeakHour } from './schedule'
import { changes, sameValue, toDraft } from './settingsDraft'
import type { Settings } from '../../src-preload/contract'

const preset = (id: string) => schedulePresets.find((p) => p.id === id)!.schedule

describe('schedule presets', () => {
  it('are 168 hours, Monday 00:00 first', () => {
    for (const p of schedulePresets) expect(p.schedule).toMatch(/^[01]{168}$/)
    expect(allowedHours(preset('always'))).toBe(168)
    // 22:00–08:00 every night: 10 hours a day.
    expect(allowedHours(preset('nights'))).toBe(70)
    expect(preset('nights')[slot(0, 7)]).toBe('1')
    expect(preset('nights')[slot(0, 8)]).toBe('0')
    expect(preset('nights')[slot(6, 22)]).toBe('1')
    // Weekday nights (5 × 10 h) and the whole weekend (48 h).
    expect(allowedHours(preset('weekday-nights-weekends'))).toBe(98)
    expect(preset('weekday-nights-weekends')[slot(4, 12)]).toBe('0')
    expect(preset('weekday-nights-weekends')[slot(5, 12)]).toBe('1')
  })
})

describe('toggleSlots', () => {
  it('switches a full day off, a partly-off day fully on, and an hour across the week', () => {
    const always = preset('always')
    const noMonday = toggleSlots(always, daySlots(0))
    expect(allowedHours(noMonday)).toBe(144)
    expect(toggleSlots(noMonday, daySlots(0))).toBe(always)
    const oneOff = toggleSlots(always, [slot(1, 14)])
    expect(oneOff[slot(1, 14)]).toBe('0')
    expect(toggleSlots(oneOff, daySlots(1))).toBe(always)
    expect(allowedHours(toggleSlots(always, hourSlots(3)))).toBe(161)
  })
  it('summarises the week', () => {
    expect(scheduleSummary(preset('nights'))).toBe('Works 70 of 168 hours a week')
    expect(scheduleSummary('0'.repeat(168))).toMatch(/^Works 0 of 168 hours a week/)
  })
})

describe('settings draft', () => {
  it('compares lists by their items: a list edited back is no change', () => {
    expect(sameValue(['a', 'b'], ['a', 'b'])).toBe(true)
    expect(sameValue(['a'], ['a', 'b'])).toBe(false)
    const saved = { extraApps: ['x'], schedule: preset('always'), tempLimitC: 83 } as unknown as Settings
    const draft = toDraft(saved)
    expect(changes({ ...draft, extraApps: ['x'] }, saved)).toEqual({})
    expect(changes({ ...draft, extraApps: ['x', 'y'], schedule: preset('nights'), tempLimitC: '80' }, saved)).toEqual({ extraApps: ['x', 'y'], schedule: preset('nights'), tempLimitC: 80 })
  })
})

describe('peak hours', () => {
  it('names the runs of peak hours, joining one across midnight', () => {
    expect(peakHoursText(NO_PEAK)).toBe('none')
    expect(peakHoursText(EVENING_PEAK)).toBe('17:00–21:00')
    expect(peakHoursText('1'.repeat(24))).toBe('all day')
    const overnight = togglePeakHour(togglePeakHour(togglePeakHour(NO_PEAK, 22), 23), 0)
    expect(peakHoursText(overnight)).toBe('22:00–01:00')
    expect(peakHoursText(togglePeakHour(EVENING_PEAK, 7))).toBe('07:00–08:00, 17:00–21:00')
  })
  it('toggles one hour', () => {
    expect(togglePeakHour(NO_PEAK, 5)[5]).toBe('1')
    expect(togglePeakHour(togglePeakHour(NO_PEAK, 5), 5)).toBe(NO_PEAK)
  })
})

describe('settings draft with the new settings', () => {
  it('compares disabledGpus by value and types the VRAM share and peak tariff', () => {
    const saved = { disabledGpus: ['GPU-a'], vramSharePct: 90, tariffPeakMicroPerKwh: 0, peakHours: NO_PEAK } as unknown as Settings
    const draft = toDraft(saved)
    expect(draft.tariffPeakMicroPerKwh).toBe('0')
    expect(changes({ ...draft, disabledGpus: ['GPU-a'] }, saved)).toEqual({})
    expect(changes({ ...draft, disabledGpus: [], vramSharePct: '75', tariffPeakMicroPerKwh: '0.42', peakHours: EVENING_PEAK }, saved)).toEqual({
      disabledGpus: [],
      vramSharePct: 75,
      tariffPeakMicroPerKwh: 420_000,
      peakHours: EVENING_PEAK
    })
  })
})
