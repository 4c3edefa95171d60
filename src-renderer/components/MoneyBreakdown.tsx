import type { MoneyTotals } from '../../src-preload/contract'
import { currencyLabel, exactMoney, formatMicro } from './money'

const LEDGER_SOURCE = 'From the hash-chained ledger: pay for finished jobs after penalties and fees.'

/** Net first, then how it came about (earned, penalties, fees) and how much of it is settled. */
export function MoneyBreakdown({ totals }: { totals: MoneyTotals }) {
  const unit = currencyLabel(totals.currency)
  const row = (label: string, micro: number, hint?: string) => (
    <div className="money-row" title={hint ?? exactMoney(micro, totals.currency)}>
      <dt>{label}</dt>
      <dd className="num">
        {formatMicro(micro)} <span className="unit">{unit}</span>
      </dd>
    </div>
  )
  return (
    <div className="money" data-currency={totals.currency}>
      <p className="money-net" title={`${exactMoney(totals.netMicro, totals.currency)}. ${LEDGER_SOURCE}`}>
        <span className="num">{formatMicro(totals.netMicro)}</span> <span className="unit">{unit}</span> <span className="muted small">net</span>
      </p>
      <dl className="money-rows">
        {row('Earned', totals.earnedMicro)}
        {row('Penalties', totals.penaltyMicro)}
        {row('Fees', totals.feeMicro)}
        {row('Settled', totals.settledMicro, 'Net of jobs whose buyer has paid.')}
        {row('Pending', totals.pendingMicro, 'Net of jobs whose buyer has not settled yet.')}
        <div className="money-row">
          <dt>Jobs</dt>
          <dd className="num">{totals.jobs.toLocaleString()}</dd>
        </div>
      </dl>
    </div>
  )
}

/** Totals per currency; demo-market money is its own currency (demo credits), never mixed in. */
export function MoneyTotalsList({ totals, empty }: { totals: MoneyTotals[]; empty: string }) {
  if (totals.length === 0) return <p className="muted">{empty}</p>
  return (
    <>
      {totals.map((t) => (
        <MoneyBreakdown key={t.currency} totals={t} />
      ))}
    </>
  )
}

export const ENERGY_NOTE = 'Energy cost: not measured yet — net here is pay after penalties and fees; electricity is not subtracted.'
