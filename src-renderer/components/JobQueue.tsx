import { useJobsStore } from '../stores/jobsStore'
import { hrefOf } from '../stores/routeStore'
import { formatTime, shortId } from './format'
import { kindLabels } from './jobText'
import { JobProgress } from './JobProgress'

/** Queued and running jobs, live, each with cancel. */
export function JobQueue() {
  const active = useJobsStore((s) => s.active)
  const cancelling = useJobsStore((s) => s.cancelling)
  const cancel = useJobsStore((s) => s.cancel)
  const actionError = useJobsStore((s) => s.actionError)
  const queued = active.filter((j) => j.state === 'queued')
  return (
    <section className="card" aria-labelledby="queue-h">
      <h2 id="queue-h">Queue</h2>
      {active.length === 0 ? (
        <p className="muted">Nothing queued or running. New jobs start here as soon as they are accepted.</p>
      ) : (
        <ul className="queue">
          {active.map((job) => (
            <li key={job.id} className={`queue-item queue-${job.state}`} data-testid="queue-item" data-job-id={job.id}>
              <div className="queue-head">
                <a href={hrefOf('jobs', job.id)} className="mono" title={job.id}>
                  {shortId(job.id)}
                </a>
                <span>{kindLabels[job.kind]}</span>
                <span className="muted small">
                  {job.state === 'running' ? 'running' : `queued · #${queued.indexOf(job) + 1} in line`} · {job.items.toLocaleString()} items · deadline {formatTime(job.deadline)}
                </span>
                <button type="button" onClick={() => void cancel(job.id)} disabled={cancelling.includes(job.id)} aria-label={`Cancel job ${job.id}`}>
                  {cancelling.includes(job.id) ? 'Cancelling…' : 'Cancel'}
                </button>
              </div>
              {job.state === 'running' && <JobProgress job={job} testId="job-progress" />}
              {job.interruptions > 0 && <p className="stale-note">Cut short {job.interruptions}× by a crash or shutdown and requeued (released after 3).</p>}
            </li>
          ))}
        </ul>
      )}
      {actionError && (
        <p className="field-error" role="alert">
          {actionError}
        </p>
      )}
    </section>
  )
}
