import { useEffect } from 'react'
import { DailyNetChart } from '../components/DailyNetChart'
import { EarningsByKind } from '../components/EarningsByKind'
import { EarningsPeriods } from '../components/EarningsPeriods'
import { EmptyState } from '../components/EmptyState'
import { ExportCsvButton } from '../components/ExportCsvButton'
import { LedgerTable } from '../components/LedgerTable'
import { LedgerVerify } from '../components/LedgerVerify'
import { MarketSettlements } from '../components/MarketSettlements'
import { EnergyNote } from '../components/MoneyBreakdown'
import { useEarningsStore } from '../stores/earningsStore'

const SOURCE = 'Every amount is totalled by the node from its append-only, hash-chained ledger; each row comes from a job’s signed receipt.'

export function Earnings() {
  const { earnings, ledger, error, load } = useEarningsStore()
  useEffect(() => {
    void load()
  }, [load])
  const empty = earnings !== null && earnings.periods.every((p) => p.totals.length === 0) && ledger.length === 0
  return (
    <div className="page">
      <div className="page-head">
        <h1>Earnings</h1>
        <span className="muted small" title={SOURCE}>
          from the hash-chained ledger
        </span>
        <span className="head-actions">
          <ExportCsvButton />
        </span>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {!earnings && !error && <p className="muted">Loading earnings…</p>}
      {empty && (
        <EmptyState title="No earnings recorded">
          The ledger is empty. Earnings appear here once jobs are paid: per period, per day and per job kind, with pending and settled amounts kept apart, and
          demo-market money labelled demo credits. Each amount stands next to the electricity the GPUs drew for it (where GPU power is measured) and the net
          after it.
        </EmptyState>
      )}
      {earnings && !empty && (
        <>
          <EarningsPeriods summary={earnings} />
          <EnergyNote totals={earnings.periods.flatMap((p) => p.totals)} className="energy-note small" />
          <section className="card" aria-labelledby="daily-h">
            <h2 id="daily-h">Net per day, last 30 days</h2>
            <DailyNetChart summary={earnings} />
            <p className="muted small">Local days. Net is earnings minus penalties, fees and the electricity measured during the day’s jobs (none where GPU power is not measured); payouts are not counted as earnings.</p>
          </section>
          <section className="card" aria-labelledby="kinds-h">
            <h2 id="kinds-h">By job kind, all time</h2>
            <EarningsByKind summary={earnings} />
          </section>
        </>
      )}
      {earnings && <MarketSettlements />}
      {earnings && (
        <section className="card" aria-labelledby="ledger-h">
          <h2 id="ledger-h">Ledger</h2>
          <p className="muted small">Append-only: each row carries the hash of the one before it, so a changed or missing row breaks the chain. Verify recomputes every hash.</p>
          <LedgerVerify />
          <LedgerTable />
        </section>
      )}
    </div>
  )
}
