import { EmptyState } from '../components/EmptyState'

export function Sla() {
  return (
    <div className="page">
      <h1>SLA</h1>
      <EmptyState title="No SLA measurements yet">
        Compliance with latency, throughput and accuracy bounds is measured per job. With no jobs run, there is nothing to report.
      </EmptyState>
    </div>
  )
}
