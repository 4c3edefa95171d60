// Benchmarks through the core: a real runner process (the built out/main/computeRunner.js), real
// SQLite. Only checked results are stored as results.
import Database from 'better-sqlite3'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { BenchRun } from '../../../src-preload/contract'
import { createCore, type Core } from '../app'
import { databaseFile } from '../db/open'
import { silentLogger } from '../log'
import { tempDir } from '../test/tempCore'
import { fingerprint } from './benchService'
import { nodeFork } from './runnerHost'
import { until } from '../test/until'

const runnerFile = join(__dirname, '../../../out/main/computeRunner.js')
const cores: { core: Core; remove(): void }[] = []
afterEach(async () => {
  for (const c of cores.splice(0)) {
    await c.core.stop()
    c.remove()
  }
})

function start(env: Record<string, string> = {}, dir = tempDir()) {
  const core = createCore({ dataDir: dir.dir, log: silentLogger(), shell: 'headless', forkRunner: nodeFork(runnerFile, { ...process.env, ...env }), nvidiaSmi: '/nonexistent', rocmSmi: '/nonexistent', autoBenchmark: false })
  cores.push({ core, remove: dir.remove })
  return core
}

const finished = (core: Core) => new Promise<BenchRun>((resolve) => core.events.on('bench.finished', resolve))

describe('automatic benchmarks', () => {
  it('runs the full suite when nothing was measured on this backend and hardware, the quick check when due, else nothing', async () => {
    const core = start()
    await core.start()
    await until(() => core.bench.backend().state === 'ready' && core.telemetry.currentInventory() !== null)
    const first = core.bench.autoRun(24)
    expect(first).toMatchObject({ mode: 'full', status: 'running' })
    const done = finished(core)
    await core.api['bench.cancel'](first!.id)
    expect(await done).toMatchObject({ status: 'cancelled' })
    // Cancelled is not measured: it would run again.
    // Pretend a good full run exists for exactly this backend and hardware, long ago.
    const fp = fingerprint(core.bench.backend().chosen, core.telemetry.currentInventory())
    const raw = new Database(databaseFile((await core.api['app.info']()).dataDir))
    raw.prepare("INSERT INTO bench_runs (id, mode, status, started_at, result, fingerprint) VALUES ('22222222-2222-4222-8222-222222222222', 'full', 'ok', 1, '{}', ?)").run(fp)
    raw.prepare('UPDATE bench_runs SET started_at = 1').run()
    raw.close()
    expect(core.bench.autoRun(0)).toBeNull()
    const quick = core.bench.autoRun(24)
    expect(quick).toMatchObject({ mode: 'quick' })
    await finished(core)
    expect(core.bench.autoRun(24)).toBeNull()
  })
})


describe('benchmark service', () => {
  it('runs the quick suite, streams progress, and stores the checked result', async () => {
    const core = start()
    const progress: number[] = []
    core.events.on('bench.progress', (p) => progress.push(p.done))
    const done = finished(core)
    const run = await core.api['bench.run']({ mode: 'quick' })
    expect(run).toMatchObject({ status: 'running', mode: 'quick', result: null })
    expect(await core.dispatch('bench.run', [{ mode: 'quick' }])).toMatchObject({ ok: false, error: { code: 'E_BUSY' } })
    const end = await done
    expect(end).toMatchObject({ id: run.id, status: 'ok', error: null })
    expect(end.result!.matmul[0]!.gflops).toBeGreaterThan(0)
    expect(progress.at(-1)).toBeGreaterThan(0)
    expect((await core.api['bench.history']())[0]).toEqual(end)
    expect((await core.api['bench.backend']()).state).toBe('ready')

    // The performance model now starts from this run; jobs feed it back and it keeps them.
    expect(await core.api['bench.model']()).toEqual({ basedOnRun: run.id, medianAbsErrorPct: null, observations: 0 })
    const w = { kind: 'matmul' as const, n: 256, flops: 2 * 256 ** 3, bytes: 12 * 256 * 256 }
    const predicted = core.bench.predict(w)!.ms
    core.bench.observe(w, predicted * 2)
    expect(await core.api['bench.model']()).toMatchObject({ observations: 1, medianAbsErrorPct: 50 })
  })

  it('keeps the measured jobs of the model across a restart', async () => {
    const dir = tempDir()
    const first = start({}, { dir: dir.dir, remove: () => {} })
    const done = finished(first)
    await first.api['bench.run']({ mode: 'quick' })
    await done
    first.bench.observe({ kind: 'elementwise', flops: 1e6, bytes: 1.2e7 }, 3)
    await first.stop()
    cores.splice(0)
    const again = start({}, dir)
    expect(await again.api['bench.model']()).toMatchObject({ observations: 1 })
  })

  it('stores a wrong-result run as failed, with no result', async () => {
    const core = start({ INGOT_BACKEND_LOADERS: join(__dirname, 'test', 'loaders-wrong-matmul.cjs') })
    const done = finished(core)
    await core.api['bench.run']({ mode: 'quick' })
    expect(await done).toMatchObject({ status: 'failed', result: null, error: expect.stringMatching(/is wrong/) })
  })

  it('marks a run cut off by a crash as failed on the next start', async () => {
    const dir = tempDir()
    const first = createCore({ dataDir: dir.dir, log: silentLogger(), shell: 'headless' })
    await first.stop()
    const raw = new Database(databaseFile(dir.dir))
    raw.prepare("INSERT INTO bench_runs (id, mode, status, started_at) VALUES ('11111111-1111-4111-8111-111111111111', 'full', 'running', 1)").run()
    // The schema refuses a result on a run that did not succeed.
    expect(() => raw.prepare("UPDATE bench_runs SET result = '{}' WHERE status = 'running'").run()).toThrow(/CHECK constraint/)
    raw.close()
    const core = start({}, dir)
    expect((await core.api['bench.history']())[0]).toMatchObject({ status: 'failed', error: expect.stringMatching(/Interrupted/) })
  })
})
