import type { JobSla, JobVerdict } from '../../src-preload/contract'
import { boundLabels, boundsAskedFor, formatBoundValue, formatLimit } from './slaBounds'

/** Bound by bound: the limit, what was measured, and the core's verdict with its reason. */
export function SlaBoundsTable({ sla, verdict }: { sla: JobSla; verdict: JobVerdict | null }) {
  return (
    <table className="table" aria-label="SLA bounds">
      <thead>
        <tr>
          <th scope="col">Bound</th>
          <th scope="col" className="num">Limit</th>
          <th scope="col" className="num">Measured</th>
          <th scope="col">Verdict</th>
          <th scope="col">Reason</th>
        </tr>
      </thead>
      <tbody>
        {verdict
          ? verdict.bounds.map((b) => (
              <tr key={b.bound} data-testid="sla-bound" data-bound={b.bound}>
                <td>{boundLabels[b.bound]}</td>
                <td className="num">{formatLimit(b.bound, b.limit)}</td>
                <td className="num">{b.bound === 'deadline' ? `ended ${formatBoundValue(b.bound, b.measured)}` : formatBoundValue(b.bound, b.measured)}</td>
                <td>
                  <span className={`chip chip-${b.met ? 'ok' : 'error'}`}>{b.met ? 'met' : 'breached'}</span>
                </td>
                <td>{b.reason}</td>
              </tr>
            ))
          : boundsAskedFor(sla).map((b) => (
              <tr key={b.bound} data-testid="sla-bound" data-bound={b.bound}>
                <td>{boundLabels[b.bound]}</td>
                <td className="num">{formatLimit(b.bound, b.limit)}</td>
                <td className="num muted">—</td>
                <td className="muted">not judged yet</td>
                <td className="muted">Measured and judged when the job finishes.</td>
              </tr>
            ))}
      </tbody>
    </table>
  )
}
