import type { Settings } from '../../../src-preload/contract'
import { localSlot } from './schedule'

/** The electricity price at `t`: the peak tariff in peak hours (local time) when one is set, else the flat one. */
export function tariffAt(s: Pick<Settings, 'tariffMicroPerKwh' | 'tariffPeakMicroPerKwh' | 'peakHours'>, t: number, timeZone: string): number {
  if (s.tariffPeakMicroPerKwh > 0 && s.peakHours[localSlot(t, timeZone).hour] === '1') return s.tariffPeakMicroPerKwh
  return s.tariffMicroPerKwh
}

/** What `joules` cost at the tariff of time `at`, in whole micro-units (rounded to nearest). */
export const energyCostMicro = (joules: number, tariffMicroPerKwh: number): number => Math.round((joules / 3.6e6) * tariffMicroPerKwh)
