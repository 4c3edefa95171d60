import { useEffect } from 'react'
import { EmptyState } from '../components/EmptyState'
import { JobDetailPanel } from '../components/JobDetailPanel'
import { JobFilters } from '../components/JobFilters'
import { JobQueue } from '../components/JobQueue'
import { JobSubmit } from '../components/JobSubmit'
import { JobTable } from '../components/JobTable'
import { filtersActive, useJobsStore } from '../stores/jobsStore'
import { useNodeStore } from '../stores/nodeStore'
import { useRoute } from '../stores/routeStore'

export function Jobs() {
  const { jobs, active, filters, loaded, loading, error, load, select } = useJobsStore()
  const marketConnected = useNodeStore((s) => s.status?.marketConnected ?? false)
  const param = useRoute((s) => s.page === 'jobs' ? s.param : null)

  useEffect(() => {
    void load()
  }, [load])
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
          {marketConnected
            ? 'The market is connected; jobs appear here as soon as an offer is won.'
            : 'No market is connected, so no work has been offered or run.'}{' '}
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
                    Newest first{jobs.length >= 200 ? ', the latest 200 — narrow the filters to see older jobs' : ''}. Pay is after penalties, from the hash-chained ledger. Select a row (or press Enter on it) for the job’s SLA, receipt and pay.
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
