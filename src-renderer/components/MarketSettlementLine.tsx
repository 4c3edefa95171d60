import type { JobDetail } from '../../src-preload/contract'
import { formatTime } from './format'
import { settlementOutcomeLabels } from './marketText'
import { exactMoney, formatMoney } from './money'

function pendingText(job: JobDetail): string {
  if (job.state === 'queued' || job.state === 'running') return 'The market settles the job after it finishes.'
  if (job.state === 'done') return 'Awaiting the market’s settlement: it checks the result, with canaries only it knows, before it pays.'
  return `No settlement: the job ${job.state === 'failed' ? 'failed' : 'was cancelled'} here, and the market takes it back.`
}

/** A market job's pay as the market settled it (it alone knows which rows were its canaries), or why there is none yet. */
export function MarketSettlementLine({ job }: { job: JobDetail }) {
  const s = job.settlement
  if (!s) {
    return (
      <p className="muted" data-testid="job-settlement" data-outcome="">
        {pendingText(job)}
      </p>
    )
  }
  return (
    <p className={`verdict verdict-${s.outcome === 'full' ? 'ok' : 'error'}`} data-testid="job-settlement" data-outcome={s.outcome}>
      {settlementOutcomeLabels[s.outcome]}: <span title={exactMoney(s.totalMicro, job.currency)}>{formatMoney(s.totalMicro, job.currency)}</span> — {s.reason}
      {job.settledAt !== null && <span className="small muted"> · settled {formatTime(job.settledAt)}</span>}
    </p>
  )
}
