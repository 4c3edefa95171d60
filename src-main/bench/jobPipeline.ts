import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs-core'
import { createCore, type Core } from '../core/app'
import { tfjsLoaders } from '../core/compute/tfjsLoaders'
import { matmulBundle, values } from '../core/jobs/test/bundles'
import { silentLogger } from '../core/log'
import { machine, median, writeSection } from './report'

/**
 * `npm run bench:jobs`: what the job pipeline costs. (1) A ≥ 50 ms matmul job submitted to a real
 * core (validate → queue → compute runner → SLA → receipt → ledger commit), against the same batches
 * computed directly in this process on the same backend, alternating, medians. (2) Tiny jobs through
 * the whole pipeline, jobs per second.
 */
const ROWS = 2048
const K = 768
const M = 512
const BATCH = 256
const REPS = 11

function bigJob() {
  const b = matmulBundle(Date.now(), { n: 1, k: K, m: M, canaries: 0, batchSize: BATCH })
  const x = new Float32Array(values(ROWS * K, 11))
  const w = new Float32Array(b.payload.weights.data as number[])
  // Buyers send tensors as base64 float32: a quarter of the text of JSON numbers.
  b.payload.inputs = { shape: [ROWS, K], base64: Buffer.from(x.buffer).toString('base64') } as never
  b.payload.weights = { shape: [K, M], base64: Buffer.from(w.buffer).toString('base64') } as never
  return { bundle: b, x, w }
}

/** The same batches, computed here: upload, matmul, read back. */
async function direct(x: Float32Array, w: Float32Array): Promise<number> {
  const t0 = performance.now()
  const wt = tf.tensor(w, [K, M])
  for (let start = 0; start < ROWS; start += BATCH) {
    const out = tf.tidy(() => tf.matMul(tf.tensor(x.subarray(start * K, (start + BATCH) * K), [BATCH, K]), wt))
    await out.data()
    out.dispose()
  }
  wt.dispose()
  return performance.now() - t0
}

function whenDone(core: Core, id: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const off = core.events.on('jobs.changed', (j) => {
      if (j.id !== id || j.state === 'queued' || j.state === 'running') return
      off()
      if (j.state === 'done') resolve()
      else reject(new Error(`job ${j.state}: ${j.error?.message}`))
    })
  })
}

async function throughput(core: Core, count: number): Promise<number> {
  const bundles = Array.from({ length: count }, (_, i) => matmulBundle(Date.now(), { n: 4, k: 8, m: 2, canaries: 1, seed: i + 1 }))
  const last = whenDone(core, bundles.at(-1)!.id)
  const t0 = performance.now()
  for (const b of bundles) await core.api['jobs.submit'](b)
  await last
  return count / ((performance.now() - t0) / 1000)
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ingot-bench-jobs-'))
  const core = createCore({ dataDir: dir, log: silentLogger(), shell: 'headless', runnerFile: join(__dirname, 'computeRunner.js'), autoBenchmark: false })
  try {
    await core.start()
    while (core.bench.backend().state !== 'ready') await new Promise((r) => setTimeout(r, 100))
    const backend = core.bench.backend().chosen!
    await tfjsLoaders[backend]()
    const { x, w } = bigJob()
    await direct(x, w)
    const warm = bigJob().bundle
    await core.api['jobs.submit'](warm)
    await whenDone(core, warm.id)

    const directMs: number[] = []
    const pipelineMs: number[] = []
    const runnerComputeMs: number[] = []
    for (let i = 0; i < REPS; i++) {
      directMs.push(await direct(x, w))
      const { bundle } = bigJob()
      const t0 = performance.now()
      const done = whenDone(core, bundle.id)
      await core.api['jobs.submit'](bundle)
      await done
      pipelineMs.push(performance.now() - t0)
      runnerComputeMs.push((await core.api['jobs.get'](bundle.id)).metrics!.computeMs)
      process.stderr.write(`[${i + 1}/${REPS}] direct ${directMs.at(-1)!.toFixed(1)} ms, pipeline ${pipelineMs.at(-1)!.toFixed(1)} ms\n`)
    }
    const rates: number[] = []
    for (let i = 0; i < 3; i++) rates.push(await throughput(core, 1000))

    const d = median(directMs)
    const p = median(pipelineMs)
    const overheadPct = (100 * (p - d)) / d
    const rate = median(rates)
    const date = new Date().toISOString().slice(0, 10)
    writeSection(
      'jobs',
      `### Job pipeline (${date}, ${machine()}, backend ${backend})

\`npm run bench:jobs\`. A ${ROWS}×${K} · ${K}×${M} matmul job in ${ROWS / BATCH} batches of ${BATCH}, submitted to a real core
(validation, canonical digest, SQLite queue, the compute runner child process, SLA verdict, Ed25519 receipt,
ledger commit) against the same batches computed directly in one process on the same backend, alternating,
${REPS} runs each, medians:

| | median |
|---|---:|
| direct, one process | ${d.toFixed(1)} ms |
| whole pipeline, submit → paid | ${p.toFixed(1)} ms |
| of which compute in the runner | ${median(runnerComputeMs).toFixed(1)} ms |
| **overhead** | **${overheadPct.toFixed(1)} %** (goal ≤ 5 %: ${overheadPct <= 5 ? 'met' : 'NOT met'}) |

Tiny jobs (4×8 · 8×2 with one canary) through the whole pipeline, 1,000 per run, median of 3:
**${rate.toFixed(0)} jobs/s** (goal ≥ 100: ${rate >= 100 ? 'met' : 'NOT met'}; runs: ${rates.map((r) => r.toFixed(0)).join(', ')}).`
    )
  } finally {
    await core.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:jobs failed: ${(err as Error).stack}\n`)
  process.exit(1)
})
