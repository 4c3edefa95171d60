import type { SlaSummary } from '../../src-preload/contract'
import { hrefOf } from '../stores/routeStore'
import { count, formatValue } from './format'

/** SLA compliance over the last 30 days, as the core counted it from stored verdicts. */
export function SlaComplianceCard({ summary }: { summary: SlaSummary | null }) {
  return (
    <section className="card" aria-labelledby="sla-card-h" data-testid="overview-sla">
      <h2 id="sla-card-h">SLA compliance, {summary?.days ?? 30} d</h2>
      {!summary ? (
        <p className="muted">Loading…</p>
      ) : summary.jobs === 0 ? (
        <p className="muted">No job finished in the last {summary.days} days, so there is nothing to measure yet.</p>
      ) : (
        <p className="big-figure">
          <span className="num">{formatValue(summary.compliancePct, '%', 1)}</span>{' '}
          <span className="muted small">
            of {count(summary.jobs, 'job')} met every bound. <a href={hrefOf('sla')}>SLA</a>
          </span>
        </p>
      )}
    </section>
  )
}
