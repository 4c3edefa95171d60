import type { JobSummary } from '../../src-preload/contract'
import { useJobsStore } from '../stores/jobsStore'
import { hrefOf, useRoute } from '../stores/routeStore'
import { formatTime, formatValue, shortId } from './format'
import { kindLabels, stateLabels, verdictWord } from './jobText'
import { formatMoney } from './money'

function StateCell({ job }: { job: JobSummary }) {
  const { done, total } = job.progress
  if (job.state === 'running' && total > 0) return <>{`Running · ${formatValue((100 * done) / total, '%')}`}</>
  return <>{stateLabels[job.state]}</>
}

/**
 * The job history, newest first. A click anywhere on a row opens the job's detail; the job's id is
 * the link to it, so keyboards and screen readers reach it as a link rather than as a bare row.
 */
export function JobTable() {
  const jobs = useJobsStore((s) => s.jobs)
  const selectedId = useJobsStore((s) => s.selectedId)
  const go = useRoute((s) => s.go)
  return (
    <table className="table jobs-table">
      <thead>
        <tr>
          <th scope="col">Submitted</th>
          <th scope="col">Job</th>
          <th scope="col">Kind</th>
          <th scope="col">State</th>
          <th scope="col">SLA</th>
          <th scope="col" className="num">Items</th>
          <th scope="col" className="num">Pay</th>
        </tr>
      </thead>
      <tbody>
        {jobs.map((job) => {
          const verdict = verdictWord(job)
          return (
            <tr
              key={job.id}
              className="row-link"
              aria-current={selectedId === job.id ? 'true' : undefined}
              data-testid="job-row"
              data-job-id={job.id}
              onClick={(e) => !(e.target as Element).closest('a') && go('jobs', job.id)}
            >
              <td>{formatTime(job.submittedAt)}</td>
              <td className="mono" title={job.id}>
                <a href={hrefOf('jobs', job.id)}>{shortId(job.id)}</a>
                <span className="muted small"> · {job.source}</span>
              </td>
              <td>{kindLabels[job.kind]}</td>
              <td>
                <StateCell job={job} />
              </td>
              <td>{verdict.tone === 'none' ? <span className="muted">—</span> : <span className={`chip chip-${verdict.tone}`}>{verdict.text}</span>}</td>
              <td className="num">{job.items.toLocaleString()}</td>
              <td className="num">{formatMoney(job.payMicro, job.currency)}</td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}
