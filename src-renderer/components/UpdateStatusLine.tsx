import { useEffect } from 'react'
import type { UpdateStatus } from '../../src-preload/contract'
import { useUpdateStore } from '../stores/updateStore'
import { formatTime } from './format'

/** The update state in words a person reads: what happens next, and when it was last checked. */
export function updateText(s: UpdateStatus): string {
  const v = s.version ? ` ${s.version}` : ''
  switch (s.state) {
    case 'disabled':
      return s.detail ?? 'Updates are off for this build.'
    case 'checking':
      return 'Checking for an update…'
    case 'up-to-date':
      return 'Up to date.'
    case 'available':
      return `Version${v} is available; it downloads in the background.`
    case 'downloading':
      return `Downloading version${v}${s.progressPct !== null ? `: ${Math.round(s.progressPct)} %` : '…'}`
    case 'ready':
      return `Version${v} is downloaded and installs when Ingot quits.`
    case 'error':
      return `The update check failed${s.detail ? `: ${s.detail}` : '.'}`
  }
}

/** Settings → App: the live update status under the channel choice. */
export function UpdateStatusLine() {
  const { status, error, load } = useUpdateStore()
  useEffect(() => {
    void load()
  }, [load])
  if (error && !status) return <p className="field-error small">Update status unavailable: {error}</p>
  if (!status) return <p className="muted small">Reading the update status…</p>
  return (
    <p className={`update-line update-${status.state} small`} data-testid="update-status" data-state={status.state} role="status">
      {updateText(status)}
      {status.state !== 'disabled' && status.detail && status.state !== 'error' ? ` ${status.detail}` : ''}
      {status.checkedAt !== null && <span className="muted"> Last checked {formatTime(status.checkedAt)}.</span>}
      {status.state === 'downloading' && status.progressPct !== null && (
        <progress max={100} value={status.progressPct} aria-label="Update download" />
      )}
    </p>
  )
}
