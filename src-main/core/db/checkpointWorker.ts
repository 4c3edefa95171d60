import { statSync } from 'node:fs'
import { parentPort, workerData } from 'node:worker_threads'
import Database from 'better-sqlite3'
import { z } from 'zod'

/**
 * The node's WAL checkpoints, on a thread of their own with a connection of their own (see
 * checkpointer.ts): copying the log into the database file and syncing it took the node's thread
 * 15–40 ms every few megabytes written, in the middle of whatever it was doing.
 */
const options = z
  .object({ file: z.string().min(1), nativeBinding: z.string().optional(), intervalMs: z.number().int().positive(), truncateBytes: z.number().int().positive() })
  .parse(workerData)
const db = new Database(options.file, { fileMustExist: true, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) })
// A TRUNCATE checkpoint waits for the writer's transaction in progress: a moment, not an error.
db.pragma('busy_timeout = 1000')
const port = parentPort!
const walBytes = () => statSync(`${options.file}-wal`, { throwIfNoEntry: false })?.size ?? 0

let failing = false
const timer = setInterval(() => {
  try {
    // PASSIVE never waits for the node's writer or readers: what it cannot copy now goes next time.
    db.pragma('wal_checkpoint(PASSIVE)')
    // Past a size, the log is finished and emptied: the writer waits for the rest of it (most of it
    // copied just above), not for a whole checkpoint.
    if (walBytes() > options.truncateBytes) db.pragma('wal_checkpoint(TRUNCATE)')
    // The node hears of a success only when it ends a run of failures.
    if (failing) port.postMessage({ type: 'ok' })
    failing = false
  } catch (err) {
    failing = true
    // Every failure goes to the node: a full disk shows first here, while the writer still fits its
    // writes into room the log already holds.
    port.postMessage({ type: 'error', code: (err as { code?: string }).code ?? 'error', message: (err as Error).message })
  }
}, options.intervalMs)

port.on('message', (m) => {
  if (m !== 'stop') return
  clearInterval(timer)
  db.close()
  port.close()
})
