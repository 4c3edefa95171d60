import type { NodeStatus } from '../../src-preload/contract'
import { useNodeStore } from '../stores/nodeStore'
import { useNow } from './useNow'

/** The line shows its own countdown ("idle in 4:12", "resuming in 0:40", "until 14:05:00"): nothing to add then. */
const hasCountdown = (line: string) => /\d+:\d{2}/.test(line)

const mmss = (ms: number) => {
  const s = Math.ceil(ms / 1000)
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`
}

const dayAndTime = (t: number) => new Date(t).toLocaleString(undefined, { weekday: 'short', hour: '2-digit', minute: '2-digit' })

/** "· resumes in 0:42" within the hour, ticking each second; "· until Tue 08:00" further off. */
function Countdown({ until }: { until: number }) {
  const now = useNow()
  const left = until - now
  if (left <= 0) return null
  return (
    <span className="status-countdown" title={new Date(until).toLocaleString()}>
      {' '}
      · {left < 3_600_000 ? `resumes in ${mmss(left)}` : `until ${dayAndTime(until)}`}
    </span>
  )
}

const showsCountdown = (s: NodeStatus): s is NodeStatus & { until: number } => s.until !== null && s.activity !== 'earning' && !hasCountdown(s.line)

/** One line answering "what is my GPU doing and why?", with pause one click away. */
export function StatusLine() {
  const { status, busy, setPaused, dismiss } = useNodeStore()
  if (!status) return null
  // Resume undoes the owner's own pause; a pause for heat or a game ends when its cause does.
  const paused = status.reason === 'manual'
  return (
    <div className={`status-line status-${status.activity}`} data-testid="status-line" data-activity={status.activity} data-reason={status.reason}>
      <span className={`status-dot status-dot-${status.activity}`} aria-hidden="true" />
      <span className="status-text">
        {status.line}
        {showsCountdown(status) && <Countdown until={status.until} />}
      </span>
      {status.culprit && (
        // A false alarm must never be a pause the owner cannot undo from here.
        <button type="button" disabled={busy} onClick={() => void dismiss(status.culprit!)} title="Never pause for this program again (Settings → Games and heavy apps lists it)">
          Not a game — ignore {status.culprit}
        </button>
      )}
      {/* aria-disabled, not disabled: a disabled button drops the keyboard focus while the node answers. */}
      <button type="button" aria-disabled={busy || undefined} onClick={() => !busy && void setPaused(!paused)}>
        {paused ? 'Resume' : 'Pause'}
      </button>
    </div>
  )
}
