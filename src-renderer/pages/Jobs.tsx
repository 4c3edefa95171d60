import { useEffect } from 'react'
import type { MarketStatus } from '../../src-preload/contract'
import { EmptyState } from '../components/EmptyState'
import { JobDetailPanel } from '../components/JobDetailPanel'
import { JobFilters } from '../components/JobFilters'
import { JobQueue } from '../components/JobQueue'
import { JobSubmit } from '../components/JobSubmit'
import { JobTable } from '../components/JobTable'
import { filtersActive, useJobsStore } from '../stores/jobsStore'
import { useMarketStore } from '../stores/marketStore'
import { useRoute } from '../stores/routeStore'

/** Where jobs would come from, before any did. */
function marketLead(status: MarketStatus | null): string {
  if (!status || status.mode === 'off') return 'No market is connected, so no work has been offered or run.'
  const which = status.mode === 'embedded' ? 'the demo market' : 'the coordinator'
  if (status.state === 'connected') return `Connected to ${which}; jobs appear here as soon as an offer is won.`
  return `The market is ${status.state} (${which}); jobs appear here once offers are won.`
}

export function Jobs() {
  const { jobs, active, filters, loaded, loading, error, load, select } = useJobsStore()
  const market = useMarketStore((s) => s.status)
  const loadMarket = useMarketStore((s) => s.loadStatus)
  const param = useRoute((s) => s.page === 'jobs' ? s.param : null)

  useEffect(() => {
    void load()
    void loadMarket()
  }, [load, loadMarket])
  // The open job lives in the address (#/jobs/<id>), so links from other pages and reloads keep it.
  useEffect(() => {
    void select(param)
  }, [param, select])

  const none = loaded && jobs.length === 0 && active.length === 0 && !filtersActive(filters)
  return (
    <div className="page">
      <h1>Jobs</h1>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {!loaded && !error && <p className="muted">Loading jobs…</p>}
      <JobDetailPanel />
      {none ? (
        <EmptyState title="No jobs yet">
          {marketLead(market)}{' '}
          Every job will be listed here with its SLA bounds, what was measured, and its signed receipt. To try one now, open “Run a job yourself” below.
        </EmptyState>
      ) : (
        loaded && (
          <>
            <JobQueue />
            <section className="card" aria-labelledby="history-h" aria-busy={loading}>
              <h2 id="history-h">History</h2>
              <JobFilters />
              {jobs.length === 0 ? (
                <p className="muted">No jobs match these filters.</p>
              ) : (
                <>
                  <JobTable />
                  <p className="muted small">
                    Newest first{jobs.length >= 200 ? ', the latest 200 — narrow the filters to see older jobs' : ''}. Pay is after penalties, from the hash-chained ledger. Select a row, or its job link, for the job’s SLA, receipt and pay.
                  </p>
                </>
              )}
            </section>
          </>
        )
      )}
      <JobSubmit />
    </div>
  )
}
