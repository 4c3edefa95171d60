import { useJobsStore } from '../stores/jobsStore'
import { hrefOf } from '../stores/routeStore'
import { shortId } from './format'
import { JobProgress } from './JobProgress'
import { kindLabels } from './jobText'
import { boundLabels, boundsAskedFor, formatLimit } from './slaBounds'

/** The job running now, its progress and the bounds it must meet; or that none runs, and how many wait. */
export function CurrentJob() {
  const active = useJobsStore((s) => s.active)
  const detail = useJobsStore((s) => s.runningDetail)
  const running = active.find((j) => j.state === 'running')
  const queued = active.filter((j) => j.state === 'queued').length
  return (
    <section className="card" aria-labelledby="current-job-h" data-testid="overview-current-job">
      <h2 id="current-job-h">Current job</h2>
      {!running ? (
        <p className="muted">
          No job is running{queued ? `; ${queued} queued — the status line above says why they wait` : ''}. <a href={hrefOf('jobs')}>Jobs</a>
        </p>
      ) : (
        <>
          <p>
            <a href={hrefOf('jobs', running.id)} className="mono" title={running.id}>
              {shortId(running.id)}
            </a>{' '}
            {kindLabels[running.kind]} · {running.items.toLocaleString()} items{queued ? ` · ${queued} queued after it` : ''}
          </p>
          <JobProgress job={running} />
          {detail?.id === running.id && (
            <ul className="bounds-inline" aria-label="SLA bounds">
              {boundsAskedFor(detail.sla).map((b) => (
                <li key={b.bound}>
                  {boundLabels[b.bound]} <span className="num">{formatLimit(b.bound, b.limit)}</span>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  )
}
