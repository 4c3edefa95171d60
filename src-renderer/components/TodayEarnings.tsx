import type { EarningsSummary } from '../../src-preload/contract'
import { hrefOf } from '../stores/routeStore'
import { ENERGY_NOTE, MoneyTotalsList } from './MoneyBreakdown'
import { count } from './format'
import { formatMoney } from './money'

/** Today's net per currency (the core's totals from the ledger), with last week's for context. */
export function TodayEarnings({ summary }: { summary: EarningsSummary }) {
  const today = summary.periods.find((p) => p.period === 'today')?.totals ?? []
  const week = summary.periods.find((p) => p.period === '7d')?.totals ?? []
  return (
    <section className="card" aria-labelledby="today-h" data-testid="overview-today">
      <h2 id="today-h" title="From the hash-chained ledger, since local midnight">
        Today
      </h2>
      <MoneyTotalsList totals={today} empty="Nothing earned today yet." />
      {week.length > 0 && (
        <p className="small muted">
          Last 7 days: {week.map((t) => `${formatMoney(t.netMicro, t.currency)} net from ${count(t.jobs, 'job')}`).join('; ')}. <a href={hrefOf('earnings')}>Earnings</a>
        </p>
      )}
      <p className="small muted">{ENERGY_NOTE}</p>
    </section>
  )
}
