import type { Database } from 'better-sqlite3'
import type { PackedBundle } from './bundlePack'
import type { JobError, JobKind, JobMetrics, JobPrice, JobQuery, JobSla, JobSource, JobState, JobSummary, JobVerdict, MarketSettlement, SettledMarketJob, SignedReceipt } from '../../../src-preload/contract'

export interface JobRow {
  id: string
  kind: JobKind
  source: JobSource
  state: JobState
  bundle_digest: string
  items: number
  deadline: number
  price: string
  currency: string
  sla: string
  region: string
  batch_size: number
  submitted_at: number
  started_at: number | null
  ended_at: number | null
  progress_done: number
  progress_total: number
  attempts: number
  interruptions: number
  cancel_requested: number
  metrics: string | null
  verdict: string | null
  met: number | null
  receipt: string | null
  output_digest: string | null
  pay_micro: number | null
  settled_at: number | null
  settlement: string | null
  energy_j: number | null
  energy_cost_micro: number | null
  backend: string | null
  gpu_uuid: string | null
  error_code: string | null
  error: string | null
}

export interface Finished {
  endedAt: number
  metrics: JobMetrics
  verdict: JobVerdict
  receipt: SignedReceipt
  output: Buffer
  outputDigest: string
  payMicro: number
  settledAt: number | null
  backend: string
  gpuUuid: string | null
  /** GPU energy measured while it ran and its cost at the tariff then; null where nothing measures power. */
  energy?: { joules: number; costMicro: number } | null
}

/** After this many interruptions (the node or its runner crashed or hung mid-job) a job is released, not requeued. */
export const MAX_INTERRUPTIONS = 3

/** Job time a working-power figure needs: ten samples at the default telemetry interval. */
export const MEASURED_SECONDS = 10

const summaryColumns = 'id, kind, source, state, items, deadline, currency, submitted_at, started_at, ended_at, progress_done, progress_total, interruptions, met, pay_micro, settled_at, error_code, error'

export function toSummary(r: Pick<JobRow, 'id' | 'kind' | 'source' | 'state' | 'items' | 'deadline' | 'currency' | 'submitted_at' | 'started_at' | 'ended_at' | 'progress_done' | 'progress_total' | 'interruptions' | 'met' | 'pay_micro' | 'settled_at' | 'error_code' | 'error'>): JobSummary {
  const error: JobError | null = r.error_code ? { code: r.error_code, message: r.error ?? '' } : null
  return {
    id: r.id,
    kind: r.kind,
    source: r.source,
    state: r.state,
    submittedAt: r.submitted_at,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    items: r.items,
    progress: { done: r.progress_done, total: r.progress_total },
    met: r.met === null ? null : r.met === 1,
    payMicro: r.pay_micro,
    settledAt: r.settled_at,
    currency: r.currency,
    deadline: r.deadline,
    interruptions: r.interruptions,
    error
  }
}

/** The jobs table: one row per job, its whole life. */
export function createJobStore(db: Database) {
  const metaById = db.prepare<[string], JobRow>('SELECT * FROM jobs WHERE id = ?')
  const bundleById = db.prepare<[string], { bundle: string; data: Buffer | null }>('SELECT bundle, data FROM job_bundles WHERE job_id = ?')
  const outputById = db.prepare<[string], { output: Buffer }>('SELECT output FROM job_outputs WHERE job_id = ?')
  const insertBundle = db.prepare('INSERT INTO job_bundles (job_id, bundle, data) VALUES (?, ?, ?)')
  const insertOutput = db.prepare('INSERT INTO job_outputs (job_id, output) VALUES (?, ?)')
  const dropOutput = db.prepare('DELETE FROM job_outputs WHERE job_id = ?')
  const dropBundle = db.prepare('DELETE FROM job_bundles WHERE job_id = ?')
  const summaryById = db.prepare<[string], JobRow>(`SELECT ${summaryColumns} FROM jobs WHERE id = ?`)
  const next = db.prepare<[], { id: string }>("SELECT id FROM jobs WHERE state = 'queued' ORDER BY submitted_at, rowid LIMIT 1")
  const insert = db.prepare(
    `INSERT INTO jobs (id, kind, source, state, bundle_digest, items, deadline, price, currency, sla, region, batch_size, submitted_at, started_at, attempts, progress_total)
     VALUES (@id, @kind, @source, @state, @bundleDigest, @items, @deadline, @price, @currency, @sla, @region, @batchSize, @submittedAt, @startedAt, @attempts, @progressTotal)`
  )
  const running = db.prepare("UPDATE jobs SET state = 'running', started_at = ?, attempts = attempts + 1, progress_done = 0, error_code = NULL, error = NULL WHERE id = ? AND state = 'queued'")
  const progress = db.prepare('UPDATE jobs SET progress_done = ?, progress_total = ? WHERE id = ?')
  const finish = db.prepare(
    `UPDATE jobs SET state = 'done', ended_at = @endedAt, metrics = @metrics, verdict = @verdict, met = @met, receipt = @receipt,
     output_digest = @outputDigest, pay_micro = @payMicro, settled_at = @settledAt, backend = @backend, gpu_uuid = @gpuUuid, progress_done = progress_total,
     energy_j = @energyJ, energy_cost_micro = @energyCostMicro
     WHERE id = @id AND state = 'running'`
  )
  const end = db.prepare(
    "UPDATE jobs SET state = ?, ended_at = ?, error_code = ?, error = ?, pay_micro = 0, verdict = ?, met = ? WHERE id = ? AND state IN ('queued', 'running')"
  )
  const requeue = db.prepare("UPDATE jobs SET state = 'queued', started_at = NULL, progress_done = 0, interruptions = interruptions + ?, error_code = ?, error = ? WHERE id = ? AND state = 'running'")
  const cancelRequested = db.prepare("UPDATE jobs SET cancel_requested = 1 WHERE id = ? AND state = 'running'")
  const stillRunning = db.prepare<[], { id: string; deadline: number; cancel_requested: number }>("SELECT id, deadline, cancel_requested FROM jobs WHERE state = 'running'")
  const unsettledMarket = db.prepare<[], JobRow>(`SELECT ${summaryColumns} FROM jobs WHERE source = 'market' AND state = 'done' AND settled_at IS NULL ORDER BY ended_at LIMIT 100`)
  const settledMarket = db.prepare<[number], { id: string; kind: JobKind; settled_at: number; settlement: string; currency: string }>(
    "SELECT id, kind, settled_at, settlement, currency FROM jobs WHERE source = 'market' AND settlement IS NOT NULL ORDER BY settled_at DESC LIMIT ?"
  )
  const recentEnergy = db.prepare<[], { energy_j: number; started_at: number; ended_at: number }>(
    'SELECT energy_j, started_at, ended_at FROM jobs WHERE energy_j IS NOT NULL AND ended_at > started_at ORDER BY ended_at DESC LIMIT 200'
  )
  const settle = db.prepare("UPDATE jobs SET settled_at = ?, pay_micro = ?, settlement = ? WHERE id = ? AND settled_at IS NULL AND source = 'market' AND state = 'done'")
  const interruptionsOf = db.prepare<[string], { interruptions: number; deadline: number }>('SELECT interruptions, deadline FROM jobs WHERE id = ?')

  /** Ends a queued or running job without pay; a failure the node caused is stored as a breached deadline. */
  const endJob = (id: string, state: 'failed' | 'cancelled', at: number, error: JobError, breach?: { deadline: number }): boolean => {
    const verdict: JobVerdict | null = breach ? { met: false, bounds: [{ bound: 'deadline', limit: breach.deadline, measured: null, met: false, reason: `not delivered: ${error.message}` }] } : null
    const ended = end.run(state, at, error.code, error.message, verdict && JSON.stringify(verdict), verdict ? 0 : null, id).changes === 1
    // An ended job's data is not kept: its digest, receipt and output are.
    if (ended) dropBundle.run(id)
    return ended
  }

  /** A running job cut short by a crash, hang or restart: back to the queue, or released after MAX_INTERRUPTIONS. */
  const interrupt = (id: string, at: number, error: JobError): 'requeued' | 'released' =>
    // One transaction: a crash between the requeue and the release must not buy a fourth run.
    db.transaction((): 'requeued' | 'released' => {
      requeue.run(1, error.code, error.message, id)
      const row = interruptionsOf.get(id)
      if (!row || row.interruptions < MAX_INTERRUPTIONS) return 'requeued'
      endJob(id, 'failed', at, { code: error.code, message: `Released after ${MAX_INTERRUPTIONS} interruptions (${error.message})` }, { deadline: row.deadline })
      return 'released'
    })()

  return {
    /** A new job, queued — or running already, when it went straight to an idle runner (startedAt set). */
    insert(job: { id: string; kind: JobKind; source: JobSource; state: 'queued' | 'running'; bundle: PackedBundle; startedAt?: number; bundleDigest: string; items: number; deadline: number; price: JobPrice; sla: JobSla; region: string; batchSize: number; submittedAt: number; progressTotal: number }): void {
      db.transaction(() => {
        const { bundle, startedAt, ...row } = job
        insert.run({ ...row, price: JSON.stringify(job.price), sla: JSON.stringify(job.sla), currency: job.price.currency, startedAt: startedAt ?? null, attempts: startedAt === undefined ? 0 : 1 })
        insertBundle.run(job.id, bundle.skeleton, bundle.data)
      })()
    },
    meta: (id: string): JobRow | undefined => metaById.get(id),
    /** The stored bundle (jobs/bundlePack.ts); data is null in rows from before 0007. */
    bundle: (id: string): { skeleton: string; data: Buffer | null } | undefined => {
      const r = bundleById.get(id)
      return r && { skeleton: r.bundle, data: r.data }
    },
    output: (id: string): Buffer | null => outputById.get(id)?.output ?? null,
    summary: (id: string): JobSummary | undefined => {
      const r = summaryById.get(id)
      return r && toSummary(r)
    },
    nextQueued: (): string | undefined => next.get()?.id,
    markRunning: (id: string, at: number): boolean => running.run(at, id).changes === 1,
    progress: (id: string, done: number, total: number): void => void progress.run(done, total, id),
    /** The job's end, in the caller's transaction (with its ledger rows). */
    finish(id: string, f: Finished): boolean {
      const ended =
        finish.run({
          id,
          endedAt: f.endedAt,
          metrics: JSON.stringify(f.metrics),
          verdict: JSON.stringify(f.verdict),
          met: f.verdict.met ? 1 : 0,
          receipt: JSON.stringify(f.receipt),
          outputDigest: f.outputDigest,
          payMicro: f.payMicro,
          settledAt: f.settledAt,
          backend: f.backend,
          gpuUuid: f.gpuUuid,
          energyJ: f.energy?.joules ?? null,
          energyCostMicro: f.energy?.costMicro ?? null
        }).changes === 1
      if (ended) {
        insertOutput.run(id, f.output)
        dropBundle.run(id)
      }
      return ended
    },
    end: endJob,
    /** The market settled a market job (in the caller's transaction, with its ledger rows); false if it already was. */
    settle(id: string, at: number, payMicro: number, settlement: MarketSettlement): boolean {
      if (settle.run(at, payMicro, JSON.stringify(settlement), id).changes !== 1) return false
      // The outputs were the market's, and it has judged them: the receipt keeps their digest as proof, the rows go.
      dropOutput.run(id)
      return true
    },
    unsettledMarket: (): JobSummary[] => unsettledMarket.all().map(toSummary),
    /** Average GPU power over the last jobs that measured it: what working draws, unlike a reading taken while idle. */
    workingWatts(): number | null {
      // The meter counts energy at telemetry samples: a job between two samples reads 0 J, one across a
      // sample a whole interval's worth. Only the newest jobs that together ran long enough to span
      // several samples give a power figure; fewer are no measurement at all.
      let seconds = 0
      let joules = 0
      for (const r of recentEnergy.all()) {
        seconds += (r.ended_at - r.started_at) / 1000
        joules += r.energy_j
        if (seconds >= MEASURED_SECONDS) return joules / seconds
      }
      return null
    },
    settledMarket: (limit: number): SettledMarketJob[] =>
      settledMarket.all(limit).map((r) => {
        const s = JSON.parse(r.settlement) as MarketSettlement
        return { jobId: r.id, kind: r.kind, settledAt: r.settled_at, outcome: s.outcome, reason: s.reason, totalMicro: s.totalMicro, currency: r.currency }
      }),
    interrupt,
    /** Back to the queue without counting an interruption (the owner paused, a clean shutdown). */
    requeue: (id: string, error: JobError): boolean => requeue.run(0, error.code, error.message, id).changes === 1,
    /** Remembered in the row, so a crash before the runner stops does not bring the job back. */
    requestCancel: (id: string): void => void cancelRequested.run(id),
    /** At start: jobs left running by a crash or shutdown go back to the queue (or are released, or were being cancelled). */
    recoverInterrupted(at: number): { requeued: string[]; released: string[]; cancelled: string[] } {
      const out = { requeued: [] as string[], released: [] as string[], cancelled: [] as string[] }
      db.transaction(() => {
        for (const r of stillRunning.all()) {
          if (r.cancel_requested) {
            endJob(r.id, 'cancelled', at, { code: 'E_CANCELLED', message: 'Cancelled.' })
            out.cancelled.push(r.id)
          } else out[interrupt(r.id, at, { code: 'E_INTERRUPTED', message: 'Ingot stopped during this job' })].push(r.id)
        }
      })()
      return out
    },
    list(q: JobQuery): JobSummary[] {
      const where: string[] = []
      const args: (string | number)[] = []
      const filter = (sql: string, value: string | number | undefined) => {
        if (value === undefined) return
        where.push(sql)
        args.push(value)
      }
      filter('state = ?', q.state)
      filter('kind = ?', q.kind)
      filter('met = ?', q.met === undefined ? undefined : q.met ? 1 : 0)
      filter('submitted_at >= ?', q.from)
      filter('submitted_at < ?', q.to)
      const sql = `SELECT ${summaryColumns} FROM jobs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY submitted_at DESC, rowid DESC LIMIT ?`
      return db.prepare<(string | number)[], JobRow>(sql).all(...args, q.limit ?? 100).map(toSummary)
    }
  }
}

export type JobStore = ReturnType<typeof createJobStore>
