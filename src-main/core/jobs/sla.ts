import type { BoundVerdict, JobMetrics, JobSla, JobVerdict } from '../../../src-preload/contract'

/** Nearest-rank percentile (p in 0..100) of unsorted values; 0 for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!
}

/** Share of canaries whose every output value is within tolerance of the expected one. */
export function canaryAccuracy(canaries: readonly { expected: number[]; tolerance: number }[], outputs: readonly Float32Array[]): number | null {
  if (canaries.length === 0) return null
  let passed = 0
  canaries.forEach((c, i) => {
    const out = outputs[i]!
    if (out.length === c.expected.length && c.expected.every((e, j) => Math.abs(out[j]! - e) <= c.tolerance)) passed++
  })
  return passed / canaries.length
}

export interface Measured {
  latenciesMs: number[]
  /** Items processed, canaries included (train: examples over all steps). */
  processed: number
  items: number
  canaries: number
  canaryAccuracy: number | null
  submittedAt: number
  startedAt: number
  endedAt: number
  computeMs: number
  lossCurve: (number | null)[] | null
}

/** The SLA numbers of a finished job. Throughput is over the job's wall time, start to end. */
export function jobMetrics(m: Measured): JobMetrics {
  const durationMs = Math.max(0, m.endedAt - m.startedAt)
  return {
    items: m.items,
    batches: m.latenciesMs.length,
    latencyMsP50: percentile(m.latenciesMs, 50),
    latencyMsP95: percentile(m.latenciesMs, 95),
    latencyMsMax: m.latenciesMs.reduce((a, b) => (b > a ? b : a), 0),
    throughputPerSec: m.processed / (Math.max(durationMs, m.computeMs, 1) / 1000),
    canaryAccuracy: m.canaryAccuracy,
    canaries: m.canaries,
    startDelayMs: Math.max(0, m.startedAt - m.submittedAt),
    durationMs,
    computeMs: m.computeMs,
    lossCurve: m.lossCurve
  }
}

const fmt = (n: number, digits = 1) => (Number.isInteger(n) ? String(n) : n.toFixed(digits))

/** Met or breached, bound by bound, with the reason in words. The deadline is always a bound. */
export function judge(sla: JobSla, metrics: JobMetrics, endedAt: number): JobVerdict {
  const bounds: BoundVerdict[] = []
  if (sla.maxLatencyMsP95 !== null) {
    const met = metrics.latencyMsP95 <= sla.maxLatencyMsP95
    bounds.push({ bound: 'latencyP95', limit: sla.maxLatencyMsP95, measured: metrics.latencyMsP95, met, reason: `p95 latency ${fmt(metrics.latencyMsP95)} ms ${met ? '≤' : '>'} ${fmt(sla.maxLatencyMsP95)} ms${met ? '' : ' limit'}` })
  }
  if (sla.minThroughputPerSec !== null) {
    const met = metrics.throughputPerSec >= sla.minThroughputPerSec
    bounds.push({ bound: 'throughput', limit: sla.minThroughputPerSec, measured: metrics.throughputPerSec, met, reason: `throughput ${fmt(metrics.throughputPerSec)}/s ${met ? '≥' : '<'} ${fmt(sla.minThroughputPerSec)}/s${met ? '' : ' required'}` })
  }
  if (sla.minAccuracy !== null) {
    const acc = metrics.canaryAccuracy
    const met = acc !== null && acc >= sla.minAccuracy
    const pct = (v: number) => `${Number((v * 100).toFixed(1))}%`
    bounds.push({ bound: 'accuracy', limit: sla.minAccuracy, measured: acc, met, reason: acc === null ? 'no canaries were checked' : `canary accuracy ${pct(acc)} ${met ? '≥' : '<'} ${pct(sla.minAccuracy)}${met ? '' : ' required'}` })
  }
  const onTime = endedAt <= sla.deadline
  bounds.push({ bound: 'deadline', limit: sla.deadline, measured: endedAt, met: onTime, reason: onTime ? 'finished before the deadline' : `finished ${fmt((endedAt - sla.deadline) / 1000)} s after the deadline` })
  return { met: bounds.every((b) => b.met), bounds }
}
