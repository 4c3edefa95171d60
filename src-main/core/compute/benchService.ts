import { randomUUID } from 'node:crypto'
import type { Database } from 'better-sqlite3'
import type { BackendInfo, BenchPeak, BenchResult, BenchRun, Inventory, PerfModelInfo } from '../../../src-preload/contract'
import type { Clock } from '../clock'
import { IngotError } from '../errors'
import type { EventHub } from '../events'
import type { Log } from '../log'
import { compositeScore, peakFor, percentOfPeak } from './peak'
import { createPerfModel, type WorkSize } from './perfModel'
import { RunnerError, type RunnerHost, type RunnerStatus } from './runnerHost'

interface Row {
  id: string
  mode: 'quick' | 'full'
  status: BenchRun['status']
  started_at: number
  finished_at: number | null
  backend: string | null
  result: string | null
  peak: string | null
  error: string | null
}

function toRun(r: Row): BenchRun {
  const result = r.result ? (JSON.parse(r.result) as BenchResult) : null
  const peak = result && r.peak ? (JSON.parse(r.peak) as BenchPeak) : null
  return {
    id: r.id,
    mode: r.mode,
    status: r.status,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    backend: r.backend as BenchRun['backend'],
    result,
    error: r.error,
    peak,
    percentOfPeak: result && peak ? percentOfPeak(result, peak) : null,
    score: result ? compositeScore(result) : null
  }
}

export const backendInfo = (s: RunnerStatus): BackendInfo => ({
  state: s.state,
  detail: s.detail,
  chosen: s.diagnosis?.chosen ?? null,
  attempts: s.diagnosis?.attempts ?? [],
  features: s.diagnosis?.features ?? { simd: null, threads: null },
  restarts: s.restarts,
  memory: s.memory
})

/**
 * Benchmark runs: one at a time, in the compute runner, stored in SQLite. Only a run whose every
 * figure passed its check is stored with a result; failures and cancellations keep their reason.
 */
/** What a benchmark result depends on: when it changes, the old results no longer describe the node. */
export function fingerprint(backend: string | null, inventory: Inventory | null): string {
  const gpus = (inventory?.gpus ?? []).map((g) => `${g.name}|${g.driverVersion ?? ''}`).sort()
  return JSON.stringify({ backend, gpus, cpu: inventory?.host.cpuModel ?? null })
}

export interface BenchServiceOptions {
  db: Database
  runner: RunnerHost
  clock: Clock
  log: Log
  events: EventHub
  inventory: () => Inventory | null
  /** Jobs running now: benchmarks never start meanwhile (wired by the job queue). */
  busy?: () => boolean
}

export function createBenchService(options: BenchServiceOptions) {
  const { db, runner, clock, log, events } = options
  const insert = db.prepare('INSERT INTO bench_runs (id, mode, status, started_at, fingerprint) VALUES (?, ?, ?, ?, ?)')
  const okWithFingerprint = db.prepare<[string], { id: string }>("SELECT id FROM bench_runs WHERE status = 'ok' AND fingerprint = ? LIMIT 1")
  const lastStarted = db.prepare<[], { started_at: number }>('SELECT started_at FROM bench_runs ORDER BY started_at DESC LIMIT 1')
  const finish = db.prepare('UPDATE bench_runs SET status = ?, finished_at = ?, backend = ?, result = ?, peak = ?, error = ? WHERE id = ?')
  const byId = db.prepare<[string], Row>('SELECT * FROM bench_runs WHERE id = ?')
  const recent = db.prepare<[number], Row>('SELECT * FROM bench_runs ORDER BY started_at DESC, rowid DESC LIMIT ?')
  // A run still "running" in the database was cut off by a crash or shutdown.
  db.prepare("UPDATE bench_runs SET status = 'failed', error = 'Interrupted: Ingot stopped during the run.' WHERE status = 'running'").run()

  let current: { id: string; cancel(): void } | null = null

  // The performance model starts from the latest good benchmark and replays the jobs measured since.
  const model = createPerfModel()
  const latestOk = db.prepare<[], Row>("SELECT * FROM bench_runs WHERE status = 'ok' ORDER BY started_at DESC, rowid DESC LIMIT 1")
  const insertObservation = db.prepare('INSERT INTO perf_observations (at, kind, flops, bytes, n, measured_ms) VALUES (?, ?, ?, ?, ?, ?)')
  const observations = db.prepare<[], { kind: WorkSize['kind']; flops: number; bytes: number; n: number | null; measured_ms: number }>(
    'SELECT kind, flops, bytes, n, measured_ms FROM perf_observations ORDER BY id DESC LIMIT 500'
  )
  let modelRun: string | null = null
  const adopt = (row: Row | undefined) => {
    if (!row?.result) return
    model.setBenchmark(JSON.parse(row.result) as BenchResult)
    modelRun = row.id
  }
  adopt(latestOk.get())
  for (const o of observations.all().reverse()) model.observe({ kind: o.kind, flops: o.flops, bytes: o.bytes, n: o.n ?? undefined }, o.measured_ms)

  return {
    run(mode: 'quick' | 'full'): BenchRun {
      if (current) throw new IngotError('E_BUSY', 'A benchmark is already running; wait for it or cancel it.')
      if (options.busy?.()) throw new IngotError('E_BUSY', 'A job is running; benchmarks wait until the GPU is free.')
      const id = randomUUID()
      insert.run(id, mode, 'running', clock.now(), fingerprint(runner.status().diagnosis?.chosen ?? null, options.inventory()))
      const request = runner.request({ kind: 'suite', mode }, (done, total, label) => events.emit('bench.progress', { id, done, total, label }))
      current = { id, cancel: request.cancel }
      events.emit('bench.progress', { id, done: 0, total: 1, label: 'Starting' })
      request.promise.then(
        (value) => {
          const backend = runner.status().diagnosis?.chosen ?? null
          const inventory = options.inventory()
          const peak = peakFor(backend, inventory, inventory?.host.cpuFlags ?? '')
          finish.run('ok', clock.now(), backend, JSON.stringify(value), JSON.stringify(peak), null, id)
          adopt(byId.get(id))
        },
        (err: unknown) => {
          const cancelled = err instanceof RunnerError && err.code === 'E_CANCELLED'
          if (!cancelled) log.warn({ err, id }, 'benchmark failed')
          finish.run(cancelled ? 'cancelled' : 'failed', clock.now(), runner.status().diagnosis?.chosen ?? null, null, null, (err as Error).message, id)
        }
      ).finally(() => {
        current = null
        events.emit('bench.finished', toRun(byId.get(id)!))
      })
      return toRun(byId.get(id)!)
    },

    cancel(id: string): BenchRun {
      const row = byId.get(id)
      if (!row) throw new IngotError('E_NOT_FOUND', `No benchmark run ${id}.`, 'id')
      if (current?.id === id) current.cancel()
      return toRun(row)
    },

    history: (limit: number): BenchRun[] => recent.all(limit).map(toRun),

    /**
     * Automatic runs: the full suite when nothing was measured on this backend and hardware yet
     * (first start, new driver, new GPU, other backend), else the quick check when the schedule is due.
     * Returns what it started, if anything.
     */
    autoRun(everyHours: number): BenchRun | null {
      const diagnosis = runner.status().diagnosis
      if (current || !diagnosis || options.busy?.()) return null
      if (!okWithFingerprint.get(fingerprint(diagnosis.chosen, options.inventory()))) {
        log.info('no benchmark for this backend and hardware yet: running the full suite')
        return this.run('full')
      }
      const last = lastStarted.get()?.started_at ?? 0
      if (everyHours > 0 && clock.now() - last >= everyHours * 3_600_000) return this.run('quick')
      return null
    },

    /** Predicted time of a piece of work on this node (null before any benchmark). */
    predict: (w: WorkSize) => model.predict(w),
    /** A benchmark holds the compute runner now. */
    running: (): boolean => current !== null,
    /** The owner needs the machine: a running benchmark stops (recorded as cancelled). */
    cancelCurrent(): void {
      if (current) this.cancel(current.id)
    },
    /** A finished job feeds back its measured time. */
    observe(w: WorkSize, measuredMs: number): void {
      if (model.observe(w, measuredMs)) insertObservation.run(clock.now(), w.kind, w.flops, w.bytes, w.n ?? null, measuredMs)
    },
    model: (): PerfModelInfo => {
      const e = model.error()
      return { basedOnRun: modelRun, medianAbsErrorPct: e.medianAbsPct, observations: e.count }
    },
    backend: (): BackendInfo => backendInfo(runner.status())
  }
}

export type BenchService = ReturnType<typeof createBenchService>
