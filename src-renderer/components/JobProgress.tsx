import type { JobSummary } from '../../src-preload/contract'
import { formatValue } from './format'

/** Items done of the job's total, as the runner reports them. */
export function JobProgress({ job, testId }: { job: JobSummary; testId?: string }) {
  const { done, total } = job.progress
  const pct = total > 0 ? (100 * done) / total : null
  return (
    <div className="job-progress" data-testid={testId}>
      {pct === null ? <progress aria-label={`Job ${job.id} progress`} /> : <progress max={total} value={done} aria-label={`Job ${job.id} progress`} aria-valuetext={`${done} of ${total} items`} />}
      <span className="num small">{pct === null ? 'starting…' : `${done.toLocaleString()} / ${total.toLocaleString()} items · ${formatValue(pct, '%')}`}</span>
    </div>
  )
}
