import { useId } from 'react'
import type { MoneyTotals } from '../../src-preload/contract'
import { energyFigures, energyNote, NOT_MEASURED } from './energyText'
import { currencyLabel, exactMoney, formatMicro } from './money'

const LEDGER_SOURCE = 'From the hash-chained ledger: pay for finished jobs after penalties and fees.'

/**
 * Earned, electricity and net side by side (net = earned − measured electricity), then how the
 * earnings came about (gross pay, penalties, fees) and how much of them is settled.
 */
export function MoneyBreakdown({ totals }: { totals: MoneyTotals }) {
  // One per period card: the unit line's id must be unique on the page.
  const unitId = useId()
  const unit = currencyLabel(totals.currency)
  const energy = energyFigures(totals)
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
      <dl className="money-trio" aria-describedby={unitId}>
        <div className="money-fig" title={`${exactMoney(totals.netMicro, totals.currency)}. ${LEDGER_SOURCE}`} data-testid="money-earned">
          <dt>Earned</dt>
          <dd className="num">{formatMicro(totals.netMicro)}</dd>
        </div>
        <div
          className="money-fig"
          title={energy.energyMicro === null ? energy.source : `${exactMoney(energy.energyMicro, totals.currency)}. ${energy.source}`}
          data-testid="money-energy"
          data-measured={String(energy.measured)}
        >
          <dt>Electricity</dt>
          <dd className={energy.energyMicro === null ? 'not-measured' : 'num'}>{energy.energyMicro === null ? NOT_MEASURED : formatMicro(-energy.energyMicro)}</dd>
        </div>
        <div
          className="money-fig money-net"
          title={`${exactMoney(energy.netMicro, totals.currency)}. ${energy.measured ? 'Earned minus the measured electricity.' : 'Electricity not measured: net equals earned.'}`}
          data-testid="money-net"
        >
          <dt>Net</dt>
          <dd className="num">{formatMicro(energy.netMicro)}</dd>
        </div>
      </dl>
      <p className="money-unit" id={unitId}>
        in {unit}
      </p>
      <dl className="money-rows">
        {row('Gross pay', totals.earnedMicro, `${exactMoney(totals.earnedMicro, totals.currency)}: before penalties and fees.`)}
        {row('Penalties', totals.penaltyMicro)}
        {row('Fees', totals.feeMicro)}
        {row('Settled', totals.settledMicro, 'Earnings of jobs whose buyer has paid (before electricity).')}
        {row('Pending', totals.pendingMicro, 'Earnings of jobs whose buyer has not settled yet (before electricity).')}
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

/** Whether electricity is subtracted from these totals, and from what. */
export function EnergyNote({ totals, className = 'small muted' }: { totals: MoneyTotals[]; className?: string }) {
  return (
    <p className={className} data-testid="energy-note">
      {energyNote(totals)}
    </p>
  )
}
