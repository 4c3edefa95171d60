import type { SettingsChange } from '../../src-preload/contract'
import { formatTime } from './format'
import { settingLabels, settingSourceText, settingValueText } from './settingText'

/** Settings changes, newest first: when, which setting (its name on the page and its key), from, to, and optionally who. */
export function SettingsHistoryTable({ changes, showSource = false, testId }: { changes: SettingsChange[]; showSource?: boolean; testId?: string }) {
  return (
    <table className="table history-table" data-testid={testId} aria-label="Settings changes">
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Setting</th>
          <th scope="col">From</th>
          <th scope="col">To</th>
          {showSource && <th scope="col">By</th>}
        </tr>
      </thead>
      <tbody>
        {changes.map((h) => (
          <tr key={h.id} data-testid="settings-row" data-key={h.key}>
            <td className="nowrap">{formatTime(h.at)}</td>
            <td>
              {settingLabels[h.key] ?? h.key} <code className="muted small">{h.key}</code>
            </td>
            <td className="mono wrap">{settingValueText(h.key, h.oldValue)}</td>
            <td className="mono wrap">{settingValueText(h.key, h.newValue)}</td>
            {showSource && <td>{settingSourceText(h.source)}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  )
}
