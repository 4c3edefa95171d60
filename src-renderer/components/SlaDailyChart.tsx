import type { SlaBound, SlaSummary } from '../../src-preload/contract'
import { slaSummary } from './chartText'
import { DayChart, type DaySeries } from './DayChart'
import { formatValue } from './format'
import { boundLabels } from './slaBounds'

const colors: Record<SlaBound, string> = { latencyP95: '--series-1', throughput: '--series-2', accuracy: '--series-3', deadline: '--series-4' }

/** Share of checks met per local day, one line per bound, from the core's daily counts. */
export function SlaDailyChart({ summary }: { summary: SlaSummary }) {
  if (summary.daily.length === 0) return <p className="muted">No job finished in this period.</p>
  // Every day the period touches, as the node counts days (its timezone may not be this browser's).
  const days = summary.dayStarts
  const bounds = summary.perBound.filter((b) => b.checked > 0).map((b) => b.bound)
  const series: DaySeries[] = bounds.map((bound) => {
    const byDay = new Map(summary.daily.filter((d) => d.bound === bound).map((d) => [d.day, d]))
    const counted = days.map((day) => {
      const d = byDay.get(day)
      return d && d.checked > 0 ? d : null
    })
    return {
      label: boundLabels[bound],
      color: colors[bound],
      values: counted.map((d) => (d ? (100 * d.met) / d.checked : null)),
      // The table gives the counts behind each share.
      text: counted.map((d) => (d ? `${formatValue((100 * d.met) / d.checked, '%', 1)} (${d.met} of ${d.checked} met)` : null))
    }
  })
  return <DayChart days={days} series={series} unit="% met" summary={slaSummary(summary)} style="lines" yRange={[0, 105]} timeZone={summary.timeZone} />
}
