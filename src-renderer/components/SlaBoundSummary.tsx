import type { SlaSummary } from '../../src-preload/contract'
import { count, formatValue } from './format'
import { boundHints, boundLabels } from './slaBounds'

/** Per bound: how often it was checked and met (the core's counts), and what to change where it was not. */
export function SlaBoundSummary({ summary }: { summary: SlaSummary }) {
  const checked = summary.perBound.filter((b) => b.checked > 0)
  const breached = checked.filter((b) => b.met < b.checked)
  return (
    <>
      <table className="table" aria-label="Compliance per bound">
        <thead>
          <tr>
            <th scope="col">Bound</th>
            <th scope="col" className="num">Checked</th>
            <th scope="col" className="num">Met</th>
            <th scope="col" className="num">Compliance</th>
          </tr>
        </thead>
        <tbody>
          {summary.perBound.map((b) => (
            <tr key={b.bound} data-testid="sla-bound-row" data-bound={b.bound}>
              <td>{boundLabels[b.bound]}</td>
              <td className="num">{count(b.checked, 'job')}</td>
              <td className="num">{count(b.met, 'job')}</td>
              <td className="num">{b.pct === null ? <span className="muted">not asked for</span> : formatValue(b.pct, '%', 1)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3 className="sub-h">What to change</h3>
      {breached.length === 0 ? (
        <p className="muted">Every bound that was asked for held. Nothing to change.</p>
      ) : (
        <ul className="hints">
          {breached.map((b) => (
            <li key={b.bound} data-testid="sla-hint" data-bound={b.bound}>
              <strong>{boundLabels[b.bound]}</strong> <span className="muted small">({(b.checked - b.met).toLocaleString()} breached)</span>: {boundHints[b.bound]}
            </li>
          ))}
        </ul>
      )}
    </>
  )
}
