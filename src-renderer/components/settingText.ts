import type { Settings } from '../../src-preload/contract'
import { microToCredits } from './creditsText'
import { allowedHours, HOURS_A_WEEK, peakHoursText } from './schedule'

/** Every setting's name as the Settings page shows it: a new setting fails to compile until it has one. */
export const settingLabels: Record<keyof Settings, string> = {
  displayCurrency: 'Display currency',
  theme: 'Theme',
  telemetryIntervalMs: 'Sample every (ms)',
  startOnLogin: 'Start Ingot when I log in',
  idleOnly: 'Only while the computer is idle',
  idleMinutes: 'Idle after (minutes)',
  prometheusPort: 'Prometheus port',
  benchmarkEveryHours: 'Quick check every (hours)',
  marketMode: 'Market',
  marketUrl: 'Coordinator address',
  region: 'Region',
  floorMicroPerGpuHour: 'Floor price (credits per GPU-hour)',
  tariffMicroPerKwh: 'Electricity price (credits per kWh)',
  tariffPeakMicroPerKwh: 'Peak electricity price (credits per kWh)',
  peakHours: 'Peak hours',
  energyMarginPct: 'Margin over energy (%)',
  bidStrategy: 'Bidding',
  schedule: 'Weekly schedule',
  tempLimitC: 'Temperature limit (°C)',
  powerCapW: 'Power cap (W)',
  cooldownSec: 'Cooldown after a game (s)',
  extraApps: 'Your games and heavy apps',
  ignoredApps: 'Never pause for',
  disabledGpus: 'GPUs kept for yourself',
  vramSharePct: 'VRAM offered (%)',
  updateChannel: 'Update channel',
  notifyJobPaid: 'Notify: job paid',
  notifySlaBreach: 'Notify: SLA breach',
  notifyHeat: 'Notify: paused for heat',
  notifyUpdate: 'Notify: update ready'
}

const money = new Set<keyof Settings>(['floorMicroPerGpuHour', 'tariffMicroPerKwh', 'tariffPeakMicroPerKwh'])

/**
 * A setting's value as a person reads it in a change log: numbers in the unit its label names
 * (money in credits, not micro-units), on/off, the schedule as hours a week, a list as names.
 */
export function settingValueText(key: keyof Settings, value: unknown): string {
  if (value === null || value === undefined) return '—'
  if (key === 'schedule' && typeof value === 'string' && value.length === HOURS_A_WEEK) return `${allowedHours(value)} of ${HOURS_A_WEEK} h a week`
  if (key === 'peakHours' && typeof value === 'string' && /^[01]{24}$/.test(value)) return peakHoursText(value)
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.join(', ')
  if (typeof value === 'boolean') return value ? 'on' : 'off'
  if (typeof value === 'number') {
    if (money.has(key)) return microToCredits(value)
    if (key === 'powerCapW' && value === 0) return '0 (no cap)'
    if (key === 'prometheusPort' && value === 0) return '0 (off)'
    if (key === 'tariffPeakMicroPerKwh' && value === 0) return '0 (flat tariff)'
    if (key === 'vramSharePct') return `${value} %`
    return String(value)
  }
  if (typeof value === 'string') return value === '' ? '(empty)' : value
  return JSON.stringify(value)
}

/** Who changed it: the core records 'user' for every change asked for through its API. */
export const settingSourceText = (source: string): string => (source === 'user' ? 'You' : source)
