import type { EarningsSummary, SlaSummary } from '../../src-preload/contract'
import { formatValue } from './format'
import { currencyLabel, formatMoney } from './money'
import { boundLabels } from './slaBounds'

// What each chart shows, in words, from the very data it draws: the name screen readers hear.

const dayText = (day: number, timeZone?: string) => new Date(day).toLocaleDateString(undefined, { dateStyle: 'medium', timeZone })
const timeText = (t: number) => new Date(t).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })

/** A time series: how many readings over which stretch, the lowest, highest and latest, and the limit drawn. */
export function readingsSummary(label: string, unit: string, t: number[], values: (number | null)[], limit?: number | null): string {
  const read = values.flatMap((v, i) => (v === null ? [] : [{ t: t[i]!, v }]))
  if (read.length === 0) return `${label}: no readings in this period.`
  const nums = read.map((r) => r.v)
  const first = read[0]!
  const last = read.at(-1)!
  const limitText = limit ? `; limit ${formatValue(limit, unit, 1)}` : ''
  return `${label}: ${read.length} readings from ${timeText(first.t)} to ${timeText(last.t)}, lowest ${formatValue(Math.min(...nums), unit, 1)}, highest ${formatValue(Math.max(...nums), unit, 1)}, latest ${formatValue(last.v, unit, 1)}${limitText}.`
}

type DailyNet = EarningsSummary['daily'][number]

/** Net per day in one currency: on how many days, the latest, the highest and the lowest (exact amounts). */
export function netSummary(rows: DailyNet[], currency: string, timeZone?: string): string {
  if (rows.length === 0) return `Net per day, ${currencyLabel(currency)}: nothing in the last 30 days.`
  const on = (d: DailyNet) => `${formatMoney(d.netMicro, currency)} on ${dayText(d.day, timeZone)}`
  const latest = rows.reduce((a, b) => (b.day > a.day ? b : a))
  const highest = rows.reduce((a, b) => (b.netMicro > a.netMicro ? b : a))
  const lowest = rows.reduce((a, b) => (b.netMicro < a.netMicro ? b : a))
  const range = rows.length > 1 ? `; highest ${on(highest)}; lowest ${on(lowest)}` : ''
  return `Net per day, ${currencyLabel(currency)}: ${rows.length} of the last 30 days with ledger rows; latest ${on(latest)}${range}.`
}

/** Compliance per day: on how many days jobs finished, and each checked bound's share over the period. */
export function slaSummary(summary: Pick<SlaSummary, 'days' | 'daily' | 'perBound'>): string {
  const withJobs = new Set(summary.daily.map((d) => d.day)).size
  const bounds = summary.perBound.filter((b) => b.checked > 0).map((b) => `${boundLabels[b.bound]} ${formatValue(b.pct, '%', 1)} overall (${b.met} of ${b.checked} met)`)
  return `Compliance per day, ${withJobs} of the last ${summary.days} days with finished jobs: ${bounds.join(', ')}.`
}
