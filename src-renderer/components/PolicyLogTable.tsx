import type { PolicyChange } from '../../src-preload/contract'
import { formatTime } from './format'
import { activityChip, activityLabels, reasonText } from './policyText'

/** The node's state changes, newest first: when, the state it went to, why in words, and the status line it showed. */
export function PolicyLogTable({ changes }: { changes: PolicyChange[] }) {
  return (
    <table className="table history-table" data-testid="policy-log" aria-label="Why the node worked or paused">
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">State</th>
          <th scope="col">Why</th>
          <th scope="col">Detail</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((c, i) => (
          <tr key={`${c.at}:${i}`} data-testid="policy-row" data-activity={c.activity} data-reason={c.reason}>
            <td className="nowrap">{formatTime(c.at)}</td>
            <td>
              <span className={`chip ${activityChip[c.activity]}`}>{activityLabels[c.activity]}</span>
            </td>
            <td>{reasonText(c)}</td>
            <td className="muted">{c.detail}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
