import type { Database } from 'better-sqlite3'
import type { Inventory, JobError, JobPrice, JobQuery, JobSource, JobSummary, LedgerKind, MarketSettlement, SettledMarketJob, SignedReceipt } from '../../../src-preload/contract'
import type { Clock } from '../clock'
import { jobOutputSchema, type JobOutput } from '../compute/protocol'
import { RunnerError, type RunnerHost } from '../compute/runnerHost'
import type { WorkSize } from '../compute/perfModel'
import { IngotError } from '../errors'
import type { EventHub } from '../events'
import { sha256Hex } from '../identity/canonicalJson'
import type { NodeKey } from '../identity/nodeKey'
import { signReceipt } from '../identity/receipt'
import type { Ledger } from '../ledger/ledger'
import type { Log } from '../log'
import { bundleDigest, checkBundleSize, validateBundle, type Bundle, type Decoded, type ValidBundle } from './bundle'
import { unpackBundle } from './bundlePack'
import { rowOf, slaOf } from './jobRow'
import { createDecodedCache } from './decodedCache'
import { jobWork } from './jobWork'
import { evalRows, prepareRun, unmix, type PreparedRun } from './jobRun'
import { createJobReads } from './jobReads'
import { createJobStore, type JobRow } from './jobStore'
import { payLines } from './payout'
import { canaryAccuracy, judge, jobMetrics } from './sla'

export interface JobServiceOptions {
  db: Database
  runner: RunnerHost
  clock: Clock
  log: Log
  events: EventHub
  ledger: Ledger
  key: NodeKey
  inventory: () => Inventory | null
  /** The owner's pause: no job starts while it is set. */
  paused: () => boolean
  /** A benchmark holds the compute runner: jobs wait for it. */
  benchRunning: () => boolean
  /** Measured job times feed the performance model. */
  observe: (w: WorkSize, measuredMs: number) => void
  /** The longest a job may compute (default LIMITS.runMs; tests shorten it). */
  maxRunMs?: number
  /** GPU energy meter (joules since start; null: nothing measures it) and what joules cost at a time. */
  energy?: { joules(): number | null; costMicro(joules: number, at: number): number }
  /** Told of writes that failed for lack of disk (db/storageHealth.ts): the node pauses rather than crash. */
  storage?: { report(err: unknown): boolean }
}

const floatBytes = (a: Float32Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength)

/**
 * The job queue: one job at a time on the compute runner, measured, judged against its SLA,
 * signed and paid — the job's end state, its receipt and its ledger rows commit in one transaction,
 * so a crash at any point leaves either all of them or none (and the job requeued).
 */
export function createJobService(options: JobServiceOptions) {
  const { db, runner, clock, log, events, ledger, key } = options
  const store = createJobStore(db)
  const pending = createDecodedCache()
  const forget = pending.forget
  const reads = createJobReads(store, ledger, key)
  let current: { id: string; cancel(): void; why: 'cancel' | 'pause' | 'stop' | null } | null = null
  // Meter reading when each running job started.
  const joulesAtStart = new Map<string, number | null>()
  let stopped = true

  const changed = (id: string) => {
    const s = store.summary(id)
    if (s) events.emit('jobs.changed', s)
  }

  const recovered = store.recoverInterrupted(clock.now())
  if (recovered.requeued.length || recovered.released.length || recovered.cancelled.length) log.warn(recovered, 'jobs cut short by the last stop')

  function gpuUuid(): string | null {
    if (runner.status().diagnosis?.chosen !== 'tensorflow-gpu') return null
    return options.inventory()?.gpus.find((g) => g.vendor.toLowerCase().includes('nvidia'))?.uuid ?? null
  }

  function complete(id: string, row: JobRow, bundle: Bundle, prep: PreparedRun, out: JobOutput): void {
    const endedAt = clock.now()
    const { real, canaries } =
      bundle.kind === 'train'
        ? { real: out.outputs, canaries: evalRows(out.evalOutputs, bundle.canaries.length) }
        : unmix(out.outputs, out.outputSize, prep.canaryRows)
    const processed = out.processed
    const metrics = jobMetrics({
      latenciesMs: out.latenciesMs,
      processed,
      items: prep.items,
      canaries: bundle.canaries.length,
      canaryAccuracy: canaryAccuracy(bundle.canaries, canaries),
      submittedAt: row.submitted_at,
      startedAt: row.started_at!,
      endedAt,
      computeMs: out.computeMs,
      lossCurve: out.lossCurve
    })
    const verdict = judge(slaOf(bundle), metrics, endedAt)
    const output = floatBytes(real)
    const outputDigest = sha256Hex(output)
    const backend = runner.status().diagnosis?.chosen ?? 'unknown'
    const uuid = gpuUuid()
    const receipt: SignedReceipt = signReceipt(
      { v: 1, jobId: id, bundleDigest: row.bundle_digest, outputDigest, metrics, verdict, backend, gpuUuid: uuid, startedAt: row.started_at!, endedAt, nodeKeyId: key.identity().keyId },
      key
    )
    const lines = payLines(bundle.price as JobPrice, { items: bundle.kind === 'train' ? processed : prep.items, computeMs: out.computeMs }, verdict)
    const payMicro = lines.reduce((s, l) => s + l.amountMicro, 0)
    const j0 = joulesAtStart.get(id) ?? null
    const j1 = options.energy?.joules() ?? null
    const energyJ = j0 !== null && j1 !== null ? Math.max(0, j1 - j0) : null
    const energy = energyJ === null ? null : { joules: energyJ, costMicro: options.energy!.costMicro(energyJ, endedAt) }
    const appended = db.transaction(() => {
      // The lab's own jobs are settled at once: the node is its own buyer. A market job's money is
      // what the market settles (it alone knows which rows were its canaries): its ledger rows come
      // with the settlement, and payMicro is the node's own estimate until then.
      const local = row.source === 'local'
      if (!store.finish(id, { endedAt, metrics, verdict, receipt, output, outputDigest, payMicro, settledAt: local ? endedAt : null, backend, gpuUuid: uuid, energy })) return []
      return local ? ledger.append(lines.map((l) => ({ ...l, jobId: id, currency: bundle.price.currency }))) : []
    })()
    if (appended.length) events.emit('ledger.appended', appended)
    // Measured job times correct the performance model's predictions.
    const itemSize = prep.task.itemShape.reduce((a, b) => a * b, 1)
    const work = jobWork(bundle, out.processed, itemSize)
    if (work) options.observe(work, out.computeMs)
  }

  /** Why running jobs were cancelled, when someone said (read once, as the job ends). */
  const cancelReasons = new Map<string, string>()
  const cancelled = (id: string): string => {
    const why = cancelReasons.get(id)
    cancelReasons.delete(id)
    return why ?? 'Cancelled.'
  }

  /** Codes of failures the node is to blame for: they count against its SLA. */
  const nodeFault = new Set(['E_TIMEOUT', 'E_DEADLINE', 'E_INTERNAL', 'E_WRONG_RESULT'])

  function failed(id: string, err: unknown): void {
    const why = current?.id === id ? current.why : null
    const code = err instanceof RunnerError || err instanceof IngotError ? err.code : 'E_INTERNAL'
    const error: JobError = { code, message: err instanceof Error ? err.message : String(err) }
    const row = store.meta(id)
    if (!row) return
    const now = clock.now()
    // A cancel wins over everything that happened after it (a pause, a crash, a shutdown).
    if (why === 'cancel' || row.cancel_requested === 1 || (code === 'E_CANCELLED' && why === null)) store.end(id, 'cancelled', now, { code: 'E_CANCELLED', message: cancelled(id) })
    else if (why === 'pause') store.requeue(id, { code: 'E_PAUSED', message: 'The node paused (the owner, a game, heat or the schedule); requeued.' })
    else if (why === 'stop') store.requeue(id, { code: 'E_STOPPED', message: 'Ingot stopped during the job; requeued.' })
    else if (code === 'E_RUNNER_CRASHED' || code === 'E_RUNNER_HUNG') store.interrupt(id, now, error)
    else store.end(id, 'failed', now, error, nodeFault.has(code) ? { deadline: row.deadline } : undefined)
    log.warn({ job: id, code, why }, 'job did not finish')
  }

  /** Runs a job whose row is 'running' (or is about to be: `launched` hears when its task has left); never rejects. */
  async function run(id: string, bundle: Bundle, decoded: Decoded | undefined, launched?: (sent: Promise<void>) => void): Promise<void> {
    try {
      const prep = prepareRun(bundle, decoded, options.maxRunMs)
      const request = runner.request(prep.task, (rows, allRows) => {
        // The runner counts rows, canaries included; the owner sees items (train: steps).
        const total = bundle.kind === 'train' ? allRows : prep.items
        const done = Math.min(total, Math.round((rows / allRows) * total))
        try {
          store.progress(id, done, total)
        } catch (err) {
          // Progress is shown, not owed: a disk that cannot take it does not stop the job.
          if (!options.storage?.report(err)) throw err
        }
        events.emit('jobs.progress', { id, done, total })
      })
      launched?.(request.sent)
      const why = current?.id === id ? current.why : null
      current = { id, cancel: request.cancel, why }
      if (why) request.cancel()
      const out = jobOutputSchema.parse(await request.promise)
      const row = store.meta(id)
      // A cancel that raced the result still wins: the owner was told the job is cancelled.
      if (row?.state === 'running' && (row.cancel_requested === 1 || current?.why === 'cancel')) store.end(id, 'cancelled', clock.now(), { code: 'E_CANCELLED', message: cancelled(id) })
      else if (row?.state === 'running') complete(id, row, bundle, prep, out)
    } catch (err) {
      // A disk that could not record the end is not the job's failure: it runs again once the disk
      // takes writes (the end, its receipt and its ledger rows are one transaction, so none landed).
      const storageFault = options.storage?.report(err) ?? false
      try {
        if (storageFault) store.requeue(id, { code: 'E_STORAGE', message: 'The disk could not record the end of the job; requeued.' })
        else failed(id, err)
      } catch (again) {
        // The database itself is failing: the row stays 'running' until a write works (the queue
        // retries it) or the next start requeues it.
        if (!options.storage?.report(again)) log.error({ err: again, job: id }, 'could not record the end of a job')
        stuck.add(id)
      }
    } finally {
      forget(id)
      joulesAtStart.delete(id)
      current = null
      changed(id)
      kick()
    }
  }

  async function runQueued(id: string): Promise<void> {
    const row = store.meta(id)!
    const cached = pending.get(id)
    let bundle: Bundle
    try {
      const stored = cached ? null : store.bundle(id)
      if (!cached && !stored) throw new Error('its data is missing')
      bundle = cached?.bundle ?? unpackBundle(stored!.skeleton, stored!.data)
    } catch (err) {
      store.end(id, 'failed', clock.now(), { code: 'E_INTERNAL', message: `The stored bundle no longer reads: ${(err as Error).message}` })
      return changed(id)
    }
    if (clock.now() > row.deadline) {
      store.end(id, 'failed', clock.now(), { code: 'E_DEADLINE', message: 'The deadline passed before the job could start.' }, { deadline: row.deadline })
      forget(id)
      return changed(id)
    }
    if (!store.markRunning(id, clock.now())) return
    joulesAtStart.set(id, options.energy?.joules() ?? null)
    changed(id)
    await run(id, bundle, cached?.decoded)
  }

  /** The run a submission started directly (stop() waits for it as for the queue). */
  let direct: Promise<void> | null = null

  /**
   * An idle runner gets the job at once, and the job is digested and stored while it computes: the
   * other core does that work instead of the job waiting for it. Nothing is acknowledged before the
   * row is stored, so a crash in between loses only a submission its sender never saw accepted.
   */
  async function startNow(valid: ValidBundle, source: JobSource, now: number): Promise<JobSummary> {
    const { bundle } = valid
    const id = bundle.id
    checkBundleSize(bundle)
    current = { id, cancel: () => {}, why: null }
    joulesAtStart.set(id, options.energy?.joules() ?? null)
    let sent: Promise<void> = Promise.resolve()
    const running = run(id, bundle, valid.decoded, (s) => (sent = s)).finally(() => {
      if (direct === running) direct = null
    })
    direct = running
    await sent
    // The runner has the job from here: its start delay ends now, not once it is stored.
    const startedAt = clock.now()
    try {
      // The run is over already — the runner crashed or restarted before it began: the job waits in the queue.
      if (current?.id !== id) {
        store.insert(rowOf(valid, source, now, bundleDigest(bundle), null))
        kick()
      } else store.insert(rowOf(valid, source, now, bundleDigest(bundle), startedAt))
    } catch (err) {
      // Not stored, so not accepted: the runner lets it go, and the sender hears why.
      if (current?.id === id) stopCurrent('cancel')
      throw err
    }
    changed(id)
    return store.summary(id)!
  }

  const canStart = () => !stopped && current === null && !options.paused() && !options.benchRunning() && runner.status().state === 'ready'

  /** Jobs whose end could not be written: still 'running' in the database, with nothing computing them. */
  const stuck = new Set<string>()
  function requeueStuck(): void {
    for (const id of stuck) {
      try {
        store.requeue(id, { code: 'E_STORAGE', message: 'The disk could not record the end of the job; requeued.' })
        stuck.delete(id)
      } catch {
        return
      }
    }
  }

  let pumping: Promise<void> | null = null
  async function pump(): Promise<void> {
    requeueStuck()
    if (pumping) return
    let done = () => {}
    pumping = new Promise((r) => (done = r))
    try {
      while (canStart()) {
        const id = store.nextQueued()
        if (!id) break
        current = { id, cancel: () => {}, why: null }
        const stuck = await runQueued(id).then(
          () => false,
          (err: unknown) => {
            if (options.storage?.report(err)) return true
            log.error({ err, job: id }, 'job run failed')
            return false
          }
        )
        current = null
        // The queue cannot move while its rows cannot be written; the storage probe kicks it again.
        if (stuck) break
      }
    } finally {
      pumping = null
      done()
    }
  }
  const kick = () => void pump()

  function stopCurrent(why: 'cancel' | 'pause' | 'stop'): void {
    if (!current) return
    // A cancel is final: a later pause or shutdown must not turn it into a requeue.
    if (current.why !== 'cancel') current.why = why
    current.cancel()
  }

  return {
    start(): void {
      stopped = false
      kick()
    },
    /** Call when something that holds jobs back changed (runner ready, benchmark over, resumed). */
    kick,
    running: (): boolean => current !== null,
    /** The owner paused: the running job stops now and goes back to the queue. */
    pause: (): void => stopCurrent('pause'),
    /**
     * Takes a job: refused with the field to blame before anything runs, else stored — crash-safe
     * before this resolves — and queued, or handed straight to an idle runner.
     */
    async submit(raw: unknown, source: JobSource = 'local'): Promise<JobSummary> {
      const now = clock.now()
      const valid = validateBundle(raw, now)
      const { bundle } = valid
      if (store.meta(bundle.id) || current?.id === bundle.id) throw new IngotError('E_BAD_INPUT', `A job with id ${bundle.id} was already submitted.`, 'id')
      // The node settles its own jobs itself: that money can only be demo credits.
      if (source === 'local' && bundle.price.currency !== 'DEMO') throw new IngotError('E_BAD_INPUT', 'Jobs submitted to this node directly are settled by the node itself: price them in DEMO (demo credits).', 'price.currency')
      if (canStart() && !pumping && store.nextQueued() === undefined) return startNow(valid, source, now)
      const row = rowOf(valid, source, now, bundleDigest(bundle), null)
      store.insert(row)
      // The bundle's base64 text and its decoded bytes.
      pending.put(bundle.id, bundle, valid.decoded, row.bundle.data.length * 2.5 + row.bundle.skeleton.length)
      changed(bundle.id)
      kick()
      return store.summary(bundle.id)!
    },
    list: (q: JobQuery): JobSummary[] => store.list(q),
    ...reads,
    /** Cancels a job (the owner, or a market taking it back or being handed it back: `why` says so). */
    cancel(id: string, why?: string): JobSummary {
      const row = store.meta(id)
      if (!row) throw new IngotError('E_NOT_FOUND', `No job ${id}.`)
      if (row.state === 'queued') {
        store.end(id, 'cancelled', clock.now(), { code: 'E_CANCELLED', message: why ?? 'Cancelled before it started.' })
        forget(id)
        changed(id)
      } else if (row.state === 'running' && current?.id === id) {
        if (why) cancelReasons.set(id, why)
        store.requestCancel(id)
        stopCurrent('cancel')
      } else if (row.state === 'running') {
        // Running in the database but not in the runner (its end could not be recorded): end it now.
        store.end(id, 'cancelled', clock.now(), { code: 'E_CANCELLED', message: why ?? 'Cancelled.' })
        changed(id)
      } else throw new IngotError('E_BUSY', `Job ${id} has already ended (${row.state}).`)
      return store.summary(id)!
    },
    /** Market jobs done here that the market has not settled yet (their results may not have arrived). */
    unsettledMarketJobs: (): JobSummary[] => store.unsettledMarket(),
    /** Average GPU power while the newest jobs ran, once they span enough time to measure it (jobStore), or null. */
    workingWatts: (): number | null => store.workingWatts(),
    /** Settled market jobs, newest first, with the market's outcome and reason. */
    settledMarketJobs: (limit: number): SettledMarketJob[] => store.settledMarket(limit),
    /**
     * The market's settlement of a market job: its pay lines go into the ledger and the job is marked
     * settled, in one transaction. Idempotent: a settlement delivered twice is recorded once.
     */
    settle(id: string, s: { settledAt: number; currency: string; outcome: MarketSettlement['outcome']; reason: string; lines: { kind: LedgerKind; amountMicro: number; memo: string }[] }): boolean {
      const row = store.meta(id)
      if (!row || row.source !== 'market') throw new IngotError('E_NOT_FOUND', `No market job ${id}.`)
      const total = s.lines.reduce((sum, l) => sum + l.amountMicro, 0)
      const appended = db.transaction(() => (store.settle(id, s.settledAt, total, { outcome: s.outcome, reason: s.reason, totalMicro: total }) ? ledger.append(s.lines.filter((l) => l.amountMicro !== 0).map((l) => ({ ...l, jobId: id, currency: s.currency }))) : null))()
      if (!appended) return false
      if (appended.length) events.emit('ledger.appended', appended)
      changed(id)
      return true
    },
    /** Shutdown: the running job is asked to stop and goes back to the queue; resolves when the queue is idle. */
    async stop(): Promise<void> {
      stopped = true
      stopCurrent('stop')
      await Promise.all([pumping, direct])
    }
  }
}

export type JobService = ReturnType<typeof createJobService>
