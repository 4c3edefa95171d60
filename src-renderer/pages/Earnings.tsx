import { EmptyState } from '../components/EmptyState'

export function Earnings() {
  return (
    <div className="page">
      <h1>Earnings</h1>
      <EmptyState title="No earnings recorded">
        The ledger is empty. Earnings, energy cost and net appear side by side once jobs are settled; pending and settled amounts are kept apart,
        and demo-market money is labelled demo credits.
      </EmptyState>
    </div>
  )
}
