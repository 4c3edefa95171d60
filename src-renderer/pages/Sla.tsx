import { useEffect } from 'react'
import { EmptyState } from '../components/EmptyState'
import { count, formatValue } from '../components/format'
import { SlaBoundSummary } from '../components/SlaBoundSummary'
import { SlaBreachList } from '../components/SlaBreachList'
import { SlaDailyChart } from '../components/SlaDailyChart'
import { slaPeriods, useEarningsStore } from '../stores/earningsStore'

export function Sla() {
  const { sla, slaDays, error, load, setSlaDays } = useEarningsStore()
  useEffect(() => {
    void load()
  }, [load])
  const summary = sla[slaDays] ?? null
  return (
    <div className="page">
      <div className="page-head">
        <h1>SLA</h1>
        <span className="muted small" title="From the verdicts the node stored and signed for each finished job">
          from each job&apos;s stored verdict
        </span>
        <div role="group" aria-label="Period" className="segmented head-actions">
          {slaPeriods.map((d) => (
            <button key={d} type="button" aria-pressed={slaDays === d} onClick={() => setSlaDays(d)}>
              {d} d
            </button>
          ))}
        </div>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {!summary && !error && <p className="muted">Loading SLA compliance…</p>}
      {summary && summary.jobs === 0 && (
        <EmptyState title="No SLA measurements yet">
          No job finished in the last {summary.days} days. Compliance with latency, throughput, accuracy and deadline bounds is measured per job and appears here, bound by bound,
          with every breach and its reason.
        </EmptyState>
      )}
      {summary && summary.jobs > 0 && (
        <>
          <section className="card" aria-labelledby="compliance-h">
            <h2 id="compliance-h">Compliance, last {summary.days} days</h2>
            <p className="big-figure" data-testid="sla-compliance">
              <span className="num">{formatValue(summary.compliancePct, '%', 1)}</span>{' '}
              <span className="muted small">
                of {count(summary.jobs, 'finished job')} met every bound ({summary.metJobs.toLocaleString()} met)
              </span>
            </p>
            <SlaBoundSummary summary={summary} />
          </section>
          <section className="card" aria-labelledby="sla-daily-h">
            <h2 id="sla-daily-h">Per day</h2>
            <SlaDailyChart summary={summary} />
            <p className="muted small">Share of the day’s finished jobs that met each bound; local days.</p>
          </section>
          <section className="card" aria-labelledby="breaches-h">
            <h2 id="breaches-h">Breaches</h2>
            <SlaBreachList summary={summary} />
            {summary.breaches.length >= 200 && <p className="muted small">The latest 200 breaches.</p>}
          </section>
        </>
      )}
    </div>
  )
}
