import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import type { BenchResult } from '../../src-preload/contract'
import { createPerfModel, workSize, type WorkSize } from '../core/compute/perfModel'
import { createRunnerHost, nodeFork } from '../core/compute/runnerHost'
import { silentLogger } from '../core/log'
import { machine, median, writeSection } from './report'

/**
 * `npm run bench [-- --quick] [-- --json]`: the benchmark suite in the compute runner, printed as a
 * table (or JSON). With --compare it also measures, in the same run, a bare matmul loop on the same
 * backend and numpy's BLAS (when python3-numpy is installed), and writes docs/BENCHMARKS.md.
 */
const { values } = parseArgs({ options: { quick: { type: 'boolean' }, json: { type: 'boolean' }, compare: { type: 'boolean' }, model: { type: 'boolean' } } })
const mode = values.quick ? 'quick' : 'full'

async function main(): Promise<void> {
  const runner = createRunnerHost({ fork: nodeFork(join(__dirname, 'computeRunner.js'), process.env), log: silentLogger(), hangMs: 120_000 })
  try {
    await runner.start()
    const diagnosis = runner.status().diagnosis!
    const result = (await runner.request({ kind: 'suite', mode }, (done, total, label) => !values.json && process.stderr.write(`[${done}/${total}] ${label}\n`)).promise) as BenchResult
    if (values.json) {
      process.stdout.write(JSON.stringify({ backend: diagnosis, result }, null, 2) + '\n')
    } else {
      const rows: [string, string][] = [
        ['backend', `${diagnosis.chosen}${diagnosis.chosen === 'wasm' ? ` (SIMD ${diagnosis.features.simd ? 'on' : 'off'}, threads ${diagnosis.features.threads ? 'on' : 'off'})` : ''}`],
        ...result.matmul.map((m): [string, string] => [`matmul ${m.n}×${m.n}`, `${m.gflops.toFixed(2)} GFLOP/s (${m.medianMs.toFixed(1)} ms)`]),
        ['bandwidth', `${result.bandwidth.gbps.toFixed(2)} GB/s`],
        [`conv2d ${result.conv2d.shape}`, `${result.conv2d.gflops.toFixed(2)} GFLOP/s`],
        ...(result.inference
          ? ([
              ['MNIST model, 1 item', `p50 ${result.inference.batch1P50Ms.toFixed(2)} ms, p95 ${result.inference.batch1P95Ms.toFixed(2)} ms`],
              [`MNIST model, batch ${result.inference.bestBatch}`, `${result.inference.bestItemsPerSec.toFixed(0)} items/s, ${(100 * result.inference.accuracy).toFixed(1)}% of ${result.inference.testItems} test digits right`]
            ] as [string, string][])
          : []),
        ['suite time', `${(result.durationMs / 1000).toFixed(1)} s`]
      ]
      const w = Math.max(...rows.map((r) => r[0].length))
      for (const [k, v] of rows) process.stdout.write(`${k.padEnd(w)}  ${v}\n`)
      for (const a of diagnosis.attempts.filter((x) => !x.ok)) process.stdout.write(`not ${a.id}: ${a.reason}\n`)
    }
    if (values.compare) await compare(runner, result, diagnosis.chosen)
    if (values.model) await evaluateModel(runner, result, diagnosis.chosen)
  } finally {
    await runner.stop()
  }
}

async function compare(runner: ReturnType<typeof createRunnerHost>, suite: BenchResult, backend: string) {
  const n = suite.bestMatmul.n
  const loops: number[] = []
  for (let i = 0; i < 3; i++) loops.push(((await runner.request({ kind: 'tightloop', n, reps: 10 }).promise) as { gflops: number }).gflops)
  const tight = median(loops)
  const numpy = spawnSync('python3', ['-c', `import numpy as np, time\nn=${n}\na=np.random.rand(n,n).astype(np.float32)\nb=np.random.rand(n,n).astype(np.float32)\na@b\nts=[]\nfor _ in range(7):\n  t=time.perf_counter(); a@b; ts.append(time.perf_counter()-t)\nts.sort()\nprint(2*n**3/ts[3]/1e9)`], { encoding: 'utf8' })
  const blas = numpy.status === 0 ? Number(numpy.stdout.trim()) : null
  const harness = (suite.bestMatmul.gflops / tight) * 100
  writeSection(
    'suite',
    `
### Compute benchmark (TensorFlow.js in the compute runner)

\`npm run bench -- --compare\` — ${machine()}; backend **${backend}**; ${mode} suite; medians.

| test | result |
| --- | ---: |
${suite.matmul.map((m) => `| fp32 matmul ${m.n}×${m.n} | ${m.gflops.toFixed(2)} GFLOP/s |`).join('\n')}
| elementwise bandwidth | ${suite.bandwidth.gbps.toFixed(2)} GB/s |
| conv2d ${suite.conv2d.shape} | ${suite.conv2d.gflops.toFixed(2)} GFLOP/s |
${
  suite.inference
    ? `| real model (shipped MNIST network), one digit at a time | p50 ${suite.inference.batch1P50Ms.toFixed(2)} ms, p95 ${suite.inference.batch1P95Ms.toFixed(2)} ms |
| real model, items/s by batch size | ${suite.inference.byBatch.map((b) => `${b.batch}: ${b.itemsPerSec.toFixed(0)}`).join(', ')} (best: batch ${suite.inference.bestBatch}) |
| real model, held-out digits classified right | ${(100 * suite.inference.accuracy).toFixed(2)} % of ${suite.inference.testItems} |`
    : '| real model | model files missing |'
}

| comparison at ${n}×${n}, same run | GFLOP/s | ratio | goal |
| --- | ---: | ---: | ---: |
| the suite's figure vs a bare loop on the same backend | ${suite.bestMatmul.gflops.toFixed(2)} vs ${tight.toFixed(2)} | **${harness.toFixed(0)} %** | ≥ 90 % |
| best backend here vs numpy (OpenBLAS, all cores) | ${suite.bestMatmul.gflops.toFixed(2)} vs ${blas === null ? 'numpy not installed' : blas.toFixed(1)} | ${blas === null ? '—' : `**${((suite.bestMatmul.gflops / blas) * 100).toFixed(1)} %**`} | ≥ 25 % |
`
  )
}

/**
 * The performance model on a mixed job set: each job is predicted before it runs, then its measured
 * time is fed back. The error counts every prediction, the early ones (before any feedback) too.
 */
async function evaluateModel(runner: ReturnType<typeof createRunnerHost>, suite: BenchResult, backend: string) {
  const model = createPerfModel()
  model.setBenchmark(suite)
  // The model as it was before 2026-12-03 (corrected by every job of the kind, whatever its size),
  // fed the same measurements: both scored side by side on one run.
  const anySize = createPerfModel({ likeSizeDecades: Infinity })
  anySize.setBenchmark(suite)
  const mix: [WorkSize['kind'], number][] = [
    ...[200, 320, 450, 600, 750, 900, 1100].map((n): [WorkSize['kind'], number] => ['matmul', n]),
    ...[24, 40, 56, 72, 96].map((n): [WorkSize['kind'], number] => ['conv2d', n]),
    ...[1 << 18, 1 << 20, 3 << 20, 1 << 22].map((n): [WorkSize['kind'], number] => ['elementwise', n])
  ]
  // Two passes in a fixed shuffled order, so kinds interleave as real job streams do.
  const jobs = [...mix, ...mix].map((j, i) => ({ j, key: (i * 7919) % 97 })).sort((a, b) => a.key - b.key).map((x) => x.j)
  const rows: string[] = []
  for (const [op, size] of jobs) {
    const w = workSize(op, size)
    const predicted = model.predict(w)!.ms
    const { ms } = (await runner.request({ kind: 'work', op, size }).promise) as { ms: number }
    model.observe(w, ms)
    anySize.observe(w, ms)
    rows.push(`| ${op} ${size} | ${predicted.toFixed(2)} | ${ms.toFixed(2)} | ${((100 * Math.abs(predicted - ms)) / ms).toFixed(1)} % |`)
  }
  const { medianAbsPct, count } = model.error()
  const anySizePct = anySize.error().medianAbsPct!
  writeSection(
    'model',
    `
### Performance model on a mixed job set

\`npm run bench -- --model\` — ${machine()}; backend **${backend}**; ${count} jobs (matmul, conv2d and elementwise at several sizes, two passes, interleaved), each predicted from the benchmark before it ran and then fed back.

**Median absolute prediction error: ${medianAbsPct!.toFixed(1)} %** (goal ≤ 10 %). Each job is corrected by earlier jobs of its kind within 10× its base time (with none, by all of its kind, bounded to 4×). A model corrected by every earlier job of its kind, whatever its size (as before 2026-12-03), fed the same measurements, misses by **${anySizePct.toFixed(1)} %** (median).

<details><summary>Every job</summary>

| job | predicted ms | measured ms | error |
| --- | ---: | ---: | ---: |
${rows.join('\n')}

</details>
`
  )
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.message : String(err)}\n`)
  process.exit(1)
})
