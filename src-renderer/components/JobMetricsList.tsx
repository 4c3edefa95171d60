import type { JobMetrics } from '../../src-preload/contract'
import { formatMs, formatValue } from './format'

const fact = (label: string, value: string) => (
  <div key={label} className="fact">
    <dt>{label}</dt>
    <dd>{value}</dd>
  </div>
)

/** What the node measured while the job ran (latency is per batch; training: per step). */
export function JobMetricsList({ metrics }: { metrics: JobMetrics }) {
  const loss = metrics.lossCurve
  return (
    <dl className="facts" aria-label="Measured">
      {fact('Items', `${metrics.items.toLocaleString()} in ${metrics.batches.toLocaleString()} batches`)}
      {fact('Latency per batch', `p50 ${formatMs(metrics.latencyMsP50)} · p95 ${formatMs(metrics.latencyMsP95)} · max ${formatMs(metrics.latencyMsMax)}`)}
      {fact('Throughput', formatValue(metrics.throughputPerSec, 'items/s', 1))}
      {fact('Canary accuracy', metrics.canaryAccuracy === null ? 'no canaries in this job' : `${formatValue(metrics.canaryAccuracy * 100, '%', 1)} of ${metrics.canaries} canaries within tolerance`)}
      {fact('Start delay', `${formatMs(metrics.startDelayMs)} (submitted → started)`)}
      {fact('Duration', `${formatMs(metrics.durationMs)} (computing ${formatMs(metrics.computeMs)})`)}
      {loss && loss.length > 0 && fact('Training loss', `${formatValue(loss[0], '', 4)} → ${formatValue(loss.at(-1), '', 4)} over ${loss.length} steps`)}
    </dl>
  )
}
