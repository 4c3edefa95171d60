import { useNodeStore } from '../stores/nodeStore'

/** One line answering "what is my GPU doing and why?", with pause one click away. */
export function StatusLine() {
  const { status, busy, setPaused } = useNodeStore()
  if (!status) return null
  // Resume undoes the owner's own pause; a pause for heat or a game ends when its cause does.
  const paused = status.reason === 'manual'
  return (
    <div className={`status-line status-${status.activity}`} data-testid="status-line">
      <span className="status-dot" aria-hidden="true" />
      <span className="status-text">{status.line}</span>
      <button type="button" disabled={busy} onClick={() => void setPaused(!paused)}>
        {paused ? 'Resume' : 'Pause'}
      </button>
    </div>
  )
}
