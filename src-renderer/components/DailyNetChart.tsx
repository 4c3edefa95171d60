import type { EarningsSummary } from '../../src-preload/contract'
import { netSummary } from './chartText'
import { DayChart } from './DayChart'
import { currencyLabel, formatMoney } from './money'

/** Net per local day over the last 30 days (after measured electricity), one chart per currency (the core's daily totals). */
export function DailyNetChart({ summary }: { summary: EarningsSummary }) {
  const currencies = [...new Set(summary.daily.map((d) => d.currency))].sort()
  if (currencies.length === 0) return <p className="muted">Nothing was earned in the last 30 days.</p>
  // The node's own days: its timezone may not be this browser's.
  const days = summary.days
  return (
    <>
      {currencies.map((currency) => {
        const rows = summary.daily.filter((d) => d.currency === currency)
        const byDay = new Map(rows.map((d) => [d.day, d.netMicro]))
        // Micro-units to units for the chart's scale only; labels and tables use the exact amounts.
        const values = days.map((d) => (byDay.has(d) ? byDay.get(d)! / 1_000_000 : null))
        const text = days.map((d) => (byDay.has(d) ? formatMoney(byDay.get(d)!, currency) : null))
        // Enough decimals that small amounts' ticks differ (0.005, 0.010 rather than 0.01, 0.01).
        const largest = Math.max(...rows.map((d) => Math.abs(d.netMicro))) / 1_000_000
        const decimals = largest > 0 ? Math.min(6, Math.max(2, 2 - Math.floor(Math.log10(largest)))) : 2
        return (
          <div key={currency}>
            {currencies.length > 1 && <h3 className="small">{currencyLabel(currency)}</h3>}
            <DayChart
              days={days}
              series={[{ label: `Net (${currencyLabel(currency)})`, values, text, color: '--series-1' }]}
              unit={`${currencyLabel(currency)} / day`}
              summary={netSummary(rows, currency, summary.timeZone)}
              style="bars"
              decimals={decimals}
              timeZone={summary.timeZone}
            />
          </div>
        )
      })}
    </>
  )
}
