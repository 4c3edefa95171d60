import type { JobKind, JobState, JobSummary } from '../../src-preload/contract'

export const kindLabels: Record<JobKind, string> = { inference: 'Inference', matmul: 'Matrix multiply', train: 'Training' }

export const stateLabels: Record<JobState, string> = { queued: 'Queued', running: 'Running', done: 'Done', failed: 'Failed', cancelled: 'Cancelled' }

/** The core's SLA verdict in a word; no verdict before a job is done. */
export function verdictWord(job: JobSummary): { text: string; tone: 'ok' | 'error' | 'none' } {
  if (job.met === true) return { text: 'met', tone: 'ok' }
  if (job.met === false) return { text: 'breached', tone: 'error' }
  return { text: '—', tone: 'none' }
}
