import type { JobSla, SlaBound } from '../../src-preload/contract'
import { formatValue } from './format'

/** What each SLA bound is called on screen. */
export const boundLabels: Record<SlaBound, string> = {
  latencyP95: 'Latency (p95 per batch)',
  throughput: 'Throughput',
  accuracy: 'Accuracy (canaries)',
  deadline: 'Deadline'
}

/** What the owner can change when a bound is breached. */
export const boundHints: Record<SlaBound, string> = {
  latencyP95: 'Batches take too long: accept jobs with smaller batches, or unlock a faster compute backend (see Hardware).',
  throughput: 'The node computes too slowly for these jobs: unlock a faster backend or GPU (see Hardware), or stop other work on the GPU while jobs run.',
  accuracy: 'Wrong results are not paid at all. Check that the compute backend gives correct results: run the benchmark on the Hardware page, which checks every figure against a CPU reference.',
  deadline: 'Jobs finished late or waited too long: keep fewer jobs queued, and avoid pausing while jobs are waiting.'
}

/** A bound's limit or measured value in its own unit: ms, items/s, %, or a local time for the deadline. */
export function formatBoundValue(bound: SlaBound, value: number | null): string {
  if (value === null) return '—'
  switch (bound) {
    case 'latencyP95':
      return formatValue(value, 'ms', 1)
    case 'throughput':
      return formatValue(value, 'items/s', 1)
    case 'accuracy':
      return formatValue(value * 100, '%', 1)
    case 'deadline':
      return new Date(value).toLocaleString()
  }
}

/** The limit with its direction: "≤ 50.0 ms", "≥ 200.0 items/s", "by 14:05". */
export function formatLimit(bound: SlaBound, limit: number): string {
  if (bound === 'latencyP95') return `≤ ${formatBoundValue(bound, limit)}`
  if (bound === 'deadline') return `by ${formatBoundValue(bound, limit)}`
  return `≥ ${formatBoundValue(bound, limit)}`
}

/** The bounds a job asked for (the deadline always), with their limits, before any verdict. */
export function boundsAskedFor(sla: JobSla): { bound: SlaBound; limit: number }[] {
  const all: [SlaBound, number | null][] = [
    ['latencyP95', sla.maxLatencyMsP95],
    ['throughput', sla.minThroughputPerSec],
    ['accuracy', sla.minAccuracy],
    ['deadline', sla.deadline]
  ]
  return all.filter((b): b is [SlaBound, number] => b[1] !== null).map(([bound, limit]) => ({ bound, limit }))
}
