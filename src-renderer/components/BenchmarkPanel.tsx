import { useEffect } from 'react'
import type { BackendId, BenchRun } from '../../src-preload/contract'
import { useBenchStore } from '../stores/benchStore'
import { formatValue } from './format'
import { TimeChart } from './TimeChart'

export const backendNames: Record<BackendId, string> = {
  'tensorflow-gpu': 'TensorFlow (CUDA GPU)',
  'tensorflow-cpu': 'TensorFlow (native CPU)',
  wasm: 'WebAssembly',
  cpu: 'plain JavaScript (slowest)'
}

function BackendLine() {
  const backend = useBenchStore((s) => s.backend)
  if (!backend) return null
  if (!backend.chosen) return <p className="muted">Compute backend: {backend.state}{backend.detail ? ` — ${backend.detail}` : ''}</p>
  const f = backend.features
  const extras = backend.chosen === 'wasm' ? ` (SIMD ${f.simd ? 'on' : 'off'}, threads ${f.threads ? 'on' : 'off'})` : ''
  const skipped = backend.attempts.filter((a) => !a.ok)
  return (
    <div data-testid="backend">
      <p>
        Computing with <strong>{backendNames[backend.chosen]}</strong>
        {extras}.
      </p>
      {skipped.length > 0 && (
        <details>
          <summary>Why not a faster backend?</summary>
          <ul className="attempts">
            {skipped.map((a) => (
              <li key={a.id}>
                <strong>{backendNames[a.id]}</strong>: {a.reason}. <span className="muted">{a.fix}</span>
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  )
}

function PeakLine({ run }: { run: BenchRun }) {
  const peak = run.peak
  if (!peak) return null
  if (!peak.fp32Gflops) return <p className="muted small">% of peak: unknown — {peak.unknownReason}.</p>
  return (
    <p className="small" data-testid="peak">
      Best matmul reaches <strong>{formatValue(run.percentOfPeak?.matmul, '%', 1)}</strong> of the {peak.basis === 'gpu' ? 'datasheet' : 'theoretical'} FP32 peak of{' '}
      {peak.name} ({formatValue(peak.fp32Gflops, 'GFLOP/s', 0)}; {peak.source})
      {run.percentOfPeak?.bandwidth !== null && run.percentOfPeak?.bandwidth !== undefined ? `; bandwidth ${formatValue(run.percentOfPeak.bandwidth, '%', 1)} of ${formatValue(peak.memGBps, 'GB/s', 0)}` : ''}.
    </p>
  )
}

function ResultTable({ run }: { run: BenchRun }) {
  const r = run.result
  if (!r) return null
  const best = r.bestMatmul.n
  return (
    <table className="table" aria-label="Latest benchmark results">
      <thead>
        <tr><th scope="col">Test</th><th scope="col" className="num">Result</th><th scope="col" className="num">% of peak</th><th scope="col" className="num">Median time</th></tr>
      </thead>
      <tbody>
        {r.matmul.map((m) => (
          <tr key={m.n}>
            <td>Matrix multiply {m.n}×{m.n} (fp32)</td>
            <td className="num">{formatValue(m.gflops, 'GFLOP/s', 2)}</td>
            <td className="num">{m.n === best && run.percentOfPeak?.matmul != null ? formatValue(run.percentOfPeak.matmul, '%', 1) : ''}</td>
            <td className="num">{formatValue(m.medianMs, 'ms', 1)}</td>
          </tr>
        ))}
        <tr>
          <td>Memory bandwidth (elementwise add, {formatValue(r.bandwidth.elements / 1e6, 'M', 1)} values)</td>
          <td className="num">{formatValue(r.bandwidth.gbps, 'GB/s', 2)}</td>
          <td className="num">{run.percentOfPeak?.bandwidth != null ? formatValue(run.percentOfPeak.bandwidth, '%', 1) : ''}</td>
          <td className="num">{formatValue(r.bandwidth.medianMs, 'ms', 1)}</td>
        </tr>
        <tr>
          <td>Convolution {r.conv2d.shape}</td>
          <td className="num">{formatValue(r.conv2d.gflops, 'GFLOP/s', 2)}</td>
          <td className="num" />
          <td className="num">{formatValue(r.conv2d.medianMs, 'ms', 1)}</td>
        </tr>
        {r.inference && (
          <>
            <tr data-testid="bench-inference">
              <td>Real model: MNIST digits, one item at a time (p95 {formatValue(r.inference.batch1P95Ms, 'ms', 2)})</td>
              <td className="num">{formatValue(1000 / r.inference.batch1P50Ms, 'items/s', 0)}</td>
              <td className="num" />
              <td className="num">{formatValue(r.inference.batch1P50Ms, 'ms', 2)}</td>
            </tr>
            <tr>
              <td>
                Real model: best batch ({r.inference.bestBatch}); {formatValue(100 * r.inference.accuracy, '%', 1)} of {r.inference.testItems} held-out digits right
              </td>
              <td className="num">{formatValue(r.inference.bestItemsPerSec, 'items/s', 0)}</td>
              <td className="num" />
              <td className="num" />
            </tr>
          </>
        )}
      </tbody>
    </table>
  )
}

function ModelLine() {
  const model = useBenchStore((s) => s.model)
  if (!model?.basedOnRun) return null
  return (
    <p className="small muted" data-testid="perf-model">
      Job times are predicted from this benchmark and corrected by every job run;{' '}
      {model.observations === 0 ? 'no job has been measured yet, so the prediction error is not known yet.' : `median prediction error ${formatValue(model.medianAbsErrorPct, '%', 1)} over ${model.observations} jobs.`}
    </p>
  )
}

/** Run a benchmark with progress and cancel; the latest results; past runs. */
export function BenchmarkPanel() {
  const { history, progress, running, error, load, run, cancel } = useBenchStore()
  useEffect(() => {
    void load()
  }, [load])
  const latest = history.find((r) => r.status === 'ok')
  const pct = progress && progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : 0
  return (
    <section className="card" aria-labelledby="bench-h">
      <h2 id="bench-h">Benchmark</h2>
      <BackendLine />
      <div className="form-actions">
        <button type="button" onClick={() => void run('quick')} disabled={!!running}>Quick check</button>
        <button type="submit" onClick={() => void run('full')} disabled={!!running}>Run benchmark</button>
        {running && (
          <button type="button" onClick={() => void cancel()}>
            Cancel
          </button>
        )}
      </div>
      {running && progress && (
        <div className="bench-progress">
          <progress max={100} value={pct} aria-label="Benchmark progress" />
          <span className="small">
            {pct} % — {progress.label}
          </span>
        </div>
      )}
      {error && <p className="field-error">{error}</p>}
      {latest ? (
        <>
          <p className="muted small">
            Latest results ({latest.mode}, {latest.backend}, {new Date(latest.startedAt).toLocaleString()}). Each figure is the median of repeated runs after a warm-up and was checked against a CPU reference.
          </p>
          <p data-testid="score">
            Score <strong>{latest.score}</strong> <span className="muted small">(geometric mean of best matmul GFLOP/s, conv2d GFLOP/s and bandwidth GB/s, × 10)</span>
          </p>
          <PeakLine run={latest} />
          <ResultTable run={latest} />
          <ModelLine />
        </>
      ) : (
        !running && <p className="muted">No benchmark has run yet. It measures what this machine computes per second, so the market can match jobs to it.</p>
      )}
      {history.filter((r) => r.score !== null && r.mode === 'full').length > 1 && (
        <TimeChart
          label="Benchmark score (full runs)"
          unit="score"
          height={140}
          data={(() => {
            const scored = history.filter((r) => r.score !== null && r.mode === 'full').reverse()
            return { t: scored.map((r) => r.startedAt), avg: scored.map((r) => r.score) }
          })()}
        />
      )}
      {history.some((r) => r.status !== 'running') && (
        <details>
          <summary>Past runs</summary>
          <table className="table">
            <thead>
              <tr><th scope="col">When</th><th scope="col">Mode</th><th scope="col">Backend</th><th scope="col">Outcome</th><th scope="col" className="num">Best matmul</th><th scope="col" className="num">Score</th></tr>
            </thead>
            <tbody>
              {history
                .filter((r) => r.status !== 'running')
                .map((r) => (
                  <tr key={r.id}>
                    <td>{new Date(r.startedAt).toLocaleString()}</td>
                    <td>{r.mode}</td>
                    <td>{r.backend ?? '—'}</td>
                    <td>{r.status === 'ok' ? 'ok' : `${r.status}: ${r.error ?? ''}`}</td>
                    <td className="num">{r.result ? formatValue(r.result.bestMatmul.gflops, 'GFLOP/s', 2) : '—'}</td>
                    <td className="num">{r.score ?? '—'}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </details>
      )}
    </section>
  )
}
