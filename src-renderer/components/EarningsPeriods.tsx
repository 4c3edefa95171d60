import type { EarningsPeriod, EarningsSummary } from '../../src-preload/contract'
import { formatTime } from './format'
import { MoneyTotalsList } from './MoneyBreakdown'

const periodLabels: Record<EarningsPeriod, string> = { today: 'Today', '7d': 'Last 7 days', '30d': 'Last 30 days', all: 'All time' }

/** One card per period, as the core totalled them from the ledger. */
export function EarningsPeriods({ summary }: { summary: EarningsSummary }) {
  return (
    <div className="period-cards">
      {summary.periods.map((p) => (
        <section key={p.period} className="card period-card" aria-labelledby={`period-${p.period}`} data-testid={`earnings-${p.period}`}>
          <h2 id={`period-${p.period}`} title={p.from === null ? 'Every ledger row' : `Ledger rows since ${formatTime(p.from)}`}>
            {periodLabels[p.period]}
          </h2>
          <MoneyTotalsList totals={p.totals} empty="Nothing recorded in this period." />
        </section>
      ))}
    </div>
  )
}
