import { EmptyState } from '../components/EmptyState'

export function Jobs() {
  return (
    <div className="page">
      <h1>Jobs</h1>
      <EmptyState title="No jobs yet">
        No market is connected, so no work has been offered or run. Every job will be listed here with its SLA bounds, what was measured, and its
        signed receipt.
      </EmptyState>
    </div>
  )
}
