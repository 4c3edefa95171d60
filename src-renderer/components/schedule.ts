// The weekly schedule as the core stores it: 168 characters of '0'/'1', Monday 00:00 first, one per
// hour in the node's local time. Pure helpers for the grid in Settings.

export const HOURS_A_WEEK = 168
export const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const
export const HOURS = Array.from({ length: 24 }, (_, h) => h)
export const DAYS = Array.from({ length: 7 }, (_, d) => d)

export const slot = (day: number, hour: number): number => day * 24 + hour
export const isAllowed = (schedule: string, day: number, hour: number): boolean => schedule[slot(day, hour)] === '1'
export const hourLabel = (hour: number): string => `${String(hour).padStart(2, '0')}:00`

/** Hours a week the node may work. */
export const allowedHours = (schedule: string): number => [...schedule].filter((c) => c === '1').length

/** The schedule with these hours set: all on, unless they all are on already (then all off) — one click undoes the other. */
export function toggleSlots(schedule: string, slots: number[]): string {
  const on = !slots.every((i) => schedule[i] === '1')
  const chars = [...schedule]
  for (const i of slots) chars[i] = on ? '1' : '0'
  return chars.join('')
}

export const daySlots = (day: number): number[] => HOURS.map((h) => slot(day, h))
export const hourSlots = (hour: number): number[] => DAYS.map((d) => slot(d, hour))

const build = (allowed: (day: number, hour: number) => boolean): string =>
  DAYS.flatMap((d) => HOURS.map((h) => (allowed(d, h) ? '1' : '0'))).join('')

const night = (hour: number) => hour >= 22 || hour < 8

export const schedulePresets = [
  { id: 'always', label: 'Always', schedule: build(() => true) },
  { id: 'nights', label: 'Nights (22–08)', schedule: build((_, h) => night(h)) },
  { id: 'weekday-nights-weekends', label: 'Weekday nights + weekends', schedule: build((d, h) => d >= 5 || night(h)) }
] as const

/** "Works 112 of 168 hours a week", with what an all-on or all-off schedule means. */
export function scheduleSummary(schedule: string): string {
  const n = allowedHours(schedule)
  const text = `Works ${n} of ${HOURS_A_WEEK} hours a week`
  if (n === HOURS_A_WEEK) return `${text}: any hour`
  if (n === 0) return `${text}: allow at least one hour`
  return text
}

// Peak hours as the core stores them: 24 characters of '0'/'1', midnight first, local time.

export const NO_PEAK = '0'.repeat(24)
/** A common evening peak, offered as a starting point. */
export const EVENING_PEAK = HOURS.map((h) => (h >= 17 && h < 21 ? '1' : '0')).join('')

/** The peak hours with one hour switched. */
export const togglePeakHour = (hours: string, hour: number): string => hours.slice(0, hour) + (hours[hour] === '1' ? '0' : '1') + hours.slice(hour + 1)

/** "17:00–21:00" for the hours marked 1 (runs joined, one over midnight too), "none" when none. */
export function peakHoursText(hours: string): string {
  if (!/^[01]{24}$/.test(hours)) return hours
  if (!hours.includes('0')) return 'all day'
  const runs: [number, number][] = []
  for (let h = 0; h < 24; h++) {
    if (hours[h] !== '1' || (h > 0 && hours[h - 1] === '1')) continue
    let end = h
    while (end < 24 && hours[end] === '1') end++
    runs.push([h, end])
  }
  // A run to midnight and one from midnight are one evening-to-morning run.
  if (runs.length > 1 && runs[0]![0] === 0 && runs.at(-1)![1] === 24) {
    const first = runs.shift()!
    runs.at(-1)![1] = first[1]
  }
  return runs.length ? runs.map(([a, b]) => `${hourLabel(a)}–${hourLabel(b % 24)}`).join(', ') : 'none'
}
