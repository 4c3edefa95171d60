import { z } from 'zod'

/**
 * A weekly schedule: 7 days (Monday first) × 24 hours, '1' = may earn, '0' = don't, as one string
 * of 168 characters so it stores and audits as a single setting.
 */
export const ALWAYS = '1'.repeat(168)

export const scheduleSchema = z
  .string('must be 168 characters of 0 and 1 (7 days × 24 hours)')
  .regex(/^[01]{168}$/, 'must be 168 characters of 0 and 1 (7 days × 24 hours, Monday 00:00 first)')
  .refine((s) => s.includes('1'), 'leaves no hour to work in: allow at least one hour, or pause the node instead')

const WEEKDAYS: Record<string, number> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 }

// One formatter per zone: building one costs far more than using it, and the policy asks every second.
const formatters = new Map<string, Intl.DateTimeFormat>()
const formatter = (timeZone: string): Intl.DateTimeFormat => {
  let f = formatters.get(timeZone)
  if (!f) formatters.set(timeZone, (f = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: 'numeric', hourCycle: 'h23' })))
  return f
}

/** Day (Monday = 0) and hour of `t` on the wall clock of `timeZone` (DST handled by Intl). */
export function localSlot(t: number, timeZone: string): { day: number; hour: number } {
  const parts = formatter(timeZone).formatToParts(new Date(t))
  const day = WEEKDAYS[parts.find((p) => p.type === 'weekday')!.value]!
  const hour = Number(parts.find((p) => p.type === 'hour')!.value)
  return { day, hour }
}

export const slotIndex = (s: { day: number; hour: number }): number => s.day * 24 + s.hour

/** May the node earn at `t`? */
export function scheduleAllows(schedule: string, t: number, timeZone: string): boolean {
  return schedule[slotIndex(localSlot(t, timeZone))] === '1'
}

/** When the current run of allowed (or blocked) hours ends: the first quarter hour where it flips, within a week; null if it never does. */
export function nextChange(schedule: string, t: number, timeZone: string): number | null {
  const now = scheduleAllows(schedule, t, timeZone)
  // Quarter-hour steps find the flip in zones offset by :30 or :45 too; DST days are simply 23 or 25 hours of steps.
  let probe = Math.floor(t / 900_000) * 900_000
  for (let i = 0; i < 4 * 170; i++) {
    probe += 900_000
    if (scheduleAllows(schedule, probe, timeZone) !== now) return probe
  }
  return null
}
