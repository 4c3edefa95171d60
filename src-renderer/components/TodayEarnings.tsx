import type { EarningsSummary } from '../../src-preload/contract'
import { hrefOf } from '../stores/routeStore'
import { energyFigures } from './energyText'
import { count } from './format'
import { EnergyNote, MoneyTotalsList } from './MoneyBreakdown'
import { formatMoney } from './money'

/** Today's earned, electricity and net per currency (the core's totals from the ledger), with last week's for context. */
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
          Last 7 days:{' '}
          {week
            .map((t) => {
              const e = energyFigures(t)
              return `${formatMoney(e.netMicro, t.currency)} net${e.measured ? ' after electricity' : ''} from ${count(t.jobs, 'job')}`
            })
            .join('; ')}
          . <a href={hrefOf('earnings')}>Earnings</a>
        </p>
      )}
      <EnergyNote totals={[...today, ...week]} />
    </section>
  )
}
