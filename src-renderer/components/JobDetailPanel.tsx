import { useEffect, useRef } from 'react'
import type { JobDetail } from '../../src-preload/contract'
import { useJobsStore } from '../stores/jobsStore'
import { useRoute } from '../stores/routeStore'
import { formatTime } from './format'
import { JobEnergyLine } from './JobEnergyLine'
import { JobMetricsList } from './JobMetricsList'
import { JobProgress } from './JobProgress'
import { kindLabels, stateLabels } from './jobText'
import { MarketSettlementLine } from './MarketSettlementLine'
import { PayLines } from './PayLines'
import { ReceiptCheck } from './ReceiptCheck'
import { boundLabels } from './slaBounds'
import { SlaBoundsTable } from './SlaBoundsTable'

/** The core's verdict in one line: all bounds met, which were breached, or why there is none. */
function VerdictLine({ job }: { job: JobDetail }) {
  const v = job.verdict
  if (!v) {
    const why = job.state === 'queued' || job.state === 'running' ? 'judged when the job finishes' : `the job ${stateLabels[job.state].toLowerCase()} before a verdict`
    return (
      <p className="verdict verdict-none" data-testid="job-verdict" data-met="">
        No SLA verdict: {why}.
      </p>
    )
  }
  const breached = v.bounds.filter((b) => !b.met)
  return (
    <p className={`verdict verdict-${v.met ? 'ok' : 'error'}`} data-testid="job-verdict" data-met={String(v.met)}>
      {v.met ? `SLA met: all ${v.bounds.length} bounds held.` : `SLA breached: ${breached.map((b) => boundLabels[b.bound].toLowerCase()).join(', ')}.`}
    </p>
  )
}

function Facts({ job }: { job: JobDetail }) {
  const rows: [string, string][] = [
    ['Kind', `${kindLabels[job.kind]} · ${job.items.toLocaleString()} items · batches of ${job.batchSize}`],
    ['From', job.source === 'local' ? 'submitted on this node' : `the market${job.region ? ` (${job.region})` : ''}`],
    ['State', stateLabels[job.state]],
    ['Submitted', formatTime(job.submittedAt)],
    ['Ran', job.startedAt ? `${formatTime(job.startedAt)} – ${job.endedAt ? formatTime(job.endedAt) : 'now'}` : 'not started'],
    ['Deadline', formatTime(job.deadline)],
    ['Backend', job.backend ? `${job.backend}${job.gpuUuid ? ` · ${job.gpuUuid}` : ''}` : '—']
  ]
  return (
    <dl className="facts">
      {rows.map(([k, v]) => (
        <div key={k} className="fact">
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  )
}

/** Everything about one job: SLA bounds against what was measured, the receipt, and the pay. */
export function JobDetailPanel() {
  const selectedId = useJobsStore((s) => s.selectedId)
  const job = useJobsStore((s) => s.detail)
  const error = useJobsStore((s) => s.detailError)
  const identity = useJobsStore((s) => s.identity)
  const cancel = useJobsStore((s) => s.cancel)
  const cancelling = useJobsStore((s) => s.cancelling)
  const go = useRoute((s) => s.go)
  const heading = useRef<HTMLHeadingElement>(null)

  // Opening a job moves the focus (and the view) to its detail.
  useEffect(() => {
    if (!selectedId) return
    heading.current?.focus()
    heading.current?.scrollIntoView?.({ block: 'nearest' })
  }, [selectedId])

  if (!selectedId) return null
  const close = () => {
    go('jobs')
    // Back to the row the detail was opened from (its link: the row itself takes no focus).
    setTimeout(() => document.querySelector<HTMLElement>(`[data-testid="job-row"][data-job-id="${CSS.escape(selectedId)}"] a`)?.focus(), 0)
  }
  const shown = job?.id === selectedId ? job : null
  return (
    <section className="card job-detail" data-testid="job-detail" data-job-id={selectedId} aria-labelledby="job-detail-h" onKeyDown={(e) => e.key === 'Escape' && close()}>
      <div className="detail-head">
        <h2 id="job-detail-h" ref={heading} tabIndex={-1}>
          Job <span className="mono">{selectedId}</span>
        </h2>
        {shown && (shown.state === 'queued' || shown.state === 'running') && (
          <button type="button" onClick={() => void cancel(shown.id)} disabled={cancelling.includes(shown.id)}>
            {cancelling.includes(shown.id) ? 'Cancelling…' : 'Cancel job'}
          </button>
        )}
        <button type="button" onClick={close} aria-label="Close job detail">
          Close
        </button>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {!shown && !error && <p className="muted">Loading job…</p>}
      {shown && (
        <>
          <Facts job={shown} />
          {shown.state === 'running' && <JobProgress job={shown} />}
          {shown.error && (
            <p className="field-error" role="alert" data-testid="job-error">
              {stateLabels[shown.state]}: {shown.error.message} <span className="mono small">({shown.error.code})</span>
            </p>
          )}
          {shown.interruptions > 0 && <p className="stale-note">Cut short {shown.interruptions}× by a crash or shutdown of the compute runner and requeued.</p>}
          <h3>SLA</h3>
          <VerdictLine job={shown} />
          <SlaBoundsTable sla={shown.sla} verdict={shown.verdict} />
          <h3>Measured</h3>
          {shown.metrics ? (
            <JobMetricsList metrics={shown.metrics} />
          ) : (
            <p className="muted">{shown.state === 'queued' ? 'Nothing measured yet: the job has not started.' : shown.state === 'running' ? 'Measured while it runs; shown when it finishes.' : 'Nothing measured: the job did not finish.'}</p>
          )}
          <h3>Receipt</h3>
          <ReceiptCheck job={shown} identity={identity} />
          {shown.source === 'market' && (
            <>
              <h3>Market settlement</h3>
              <MarketSettlementLine job={shown} />
            </>
          )}
          <h3>Pay</h3>
          <PayLines job={shown} />
          <h3>Electricity</h3>
          <JobEnergyLine job={shown} />
        </>
      )}
    </section>
  )
}
