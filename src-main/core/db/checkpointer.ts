import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import type { Database as Db } from 'better-sqlite3'
import type { Log } from '../log'

/** SQLite's own default: the writer checkpoints when the log passes 1,000 pages. */
const AUTO_PAGES = 1000
/**
 * The log's size past which the worker empties it. The writer starts the log over (and cuts it back
 * to WAL_LIMIT_BYTES, open.ts) when it finds every frame copied, which a node writing without pause
 * may not allow for a long time.
 */
const TRUNCATE_BYTES = 32 * 1024 * 1024
/** Failures in a row (other than storage faults) after which the writer takes the checkpoints back. */
const GIVE_UP_AFTER = 20

/** Where the build put the worker (next to the entry or one folder up from a shared chunk). */
function builtWorker(): string | null {
  for (const candidate of [join(__dirname, 'checkpointWorker.js'), join(__dirname, '..', 'checkpointWorker.js')]) if (existsSync(candidate)) return candidate
  return null
}

export interface Checkpointer {
  /** True while the worker does the checkpoints (false: the writer does them itself, as SQLite does by default). */
  active(): boolean
  /** Ends the worker; the writer checkpoints again (and its close leaves one self-contained file). */
  stop(): Promise<void>
}

/**
 * Takes WAL checkpoints off the node's thread: a worker with its own connection copies the log into
 * the database every `intervalMs`, empties it once it passes `truncateBytes`, and the writer stops
 * checkpointing by itself. A job's bundle of megabytes used to set off a checkpoint on the writer —
 * a copy and an fsync inside the job's path.
 * Without a worker (unbundled unit tests) or once one fails, the writer checkpoints as SQLite does by
 * default, so the log never grows unchecked.
 */
export function startCheckpointer(db: Db, file: string, o: { log: Log; nativeBinding?: string; workerFile?: string | null; intervalMs?: number; truncateBytes?: number; onStorageFault?: (err: Error & { code: string }) => boolean }): Checkpointer {
  const workerFile = o.workerFile === undefined ? builtWorker() : o.workerFile
  if (!workerFile) return { active: () => false, stop: async () => {} }
  let worker: Worker | null = new Worker(workerFile, { workerData: { file, nativeBinding: o.nativeBinding, intervalMs: o.intervalMs ?? 500, truncateBytes: o.truncateBytes ?? TRUNCATE_BYTES } })
  worker.unref()
  db.pragma('wal_autocheckpoint = 0')
  const exited = new Promise<void>((resolve) => worker!.once('exit', () => resolve()))
  const fallBack = (why: string, err?: unknown) => {
    if (!worker) return
    worker = null
    db.pragma(`wal_autocheckpoint = ${AUTO_PAGES}`)
    o.log.warn({ err }, `WAL checkpoints are back on the node's thread: ${why}`)
  }
  let lastCode: string | null = null
  let failures = 0
  worker.on('message', (m: { type: string; code?: string; message?: string }) => {
    if (m.type !== 'error') return void ((lastCode = null), (failures = 0))
    const err = Object.assign(new Error(m.message ?? 'checkpoint failed'), { code: m.code ?? 'error' })
    // Once per kind of failure in a row (a full disk would say so every interval).
    if (err.code !== lastCode) o.log.warn({ code: err.code, message: err.message }, 'a WAL checkpoint failed; the next one tries again')
    lastCode = err.code
    // A storage fault pauses the node until the disk takes writes again (storageHealth.ts); anything
    // else that keeps failing ends the worker, and the writer checkpoints again.
    if (o.onStorageFault?.(err)) return void (failures = 0)
    if (++failures < GIVE_UP_AFTER) return
    const w = worker
    fallBack(`checkpoints kept failing (${err.code})`)
    void w?.terminate()
  })
  worker.on('error', (err) => fallBack('the checkpoint worker failed', err))
  worker.on('exit', (code) => fallBack(`the checkpoint worker exited (${code})`))
  return {
    active: () => worker !== null,
    async stop() {
      const w = worker
      if (!w) return
      worker = null
      db.pragma(`wal_autocheckpoint = ${AUTO_PAGES}`)
      // Held while it closes: an unref'd worker and timer let a shutting-down process exit here, before the writer's close.
      w.ref()
      w.postMessage('stop')
      let timer: NodeJS.Timeout | undefined
      await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 2000)))])
      clearTimeout(timer)
      await w.terminate()
    }
  }
}
