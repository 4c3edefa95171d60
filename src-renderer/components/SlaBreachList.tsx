import type { SlaSummary } from '../../src-preload/contract'
import { hrefOf } from '../stores/routeStore'
import { formatTime, shortId } from './format'
import { boundLabels, formatBoundValue, formatLimit } from './slaBounds'

/** Every breached bound, newest first, with the core's reason and a link to the job. */
export function SlaBreachList({ summary }: { summary: SlaSummary }) {
  if (summary.breaches.length === 0) return <p className="muted">No bound was breached in this period.</p>
  return (
    <table className="table" aria-label="Breaches">
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Bound</th>
          <th scope="col" className="num">Limit</th>
          <th scope="col" className="num">Measured</th>
          <th scope="col">Reason</th>
          <th scope="col">Job</th>
        </tr>
      </thead>
      <tbody>
        {summary.breaches.map((b) => (
          <tr key={`${b.jobId}-${b.bound}`} data-testid="sla-breach" data-job-id={b.jobId} data-bound={b.bound}>
            <td>{formatTime(b.at)}</td>
            <td>{boundLabels[b.bound]}</td>
            <td className="num">{formatLimit(b.bound, b.limit)}</td>
            <td className="num">{formatBoundValue(b.bound, b.measured)}</td>
            <td>{b.reason}</td>
            <td className="mono">
              <a href={hrefOf('jobs', b.jobId)} title={`Open job ${b.jobId}`}>
                {shortId(b.jobId)}
              </a>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
