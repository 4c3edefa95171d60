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

/** Failures in a row after which this thread ends, so that the writer checkpoints again (checkpointer.ts). */
const GIVE_UP_AFTER = 20

let lastError: string | null = null
let failures = 0
const timer = setInterval(() => {
  try {
    // PASSIVE never waits for the node's writer or readers: what it cannot copy now goes next time.
    db.pragma('wal_checkpoint(PASSIVE)')
    // Past a size, the log is finished and emptied: the writer waits for the rest of it (most of it
    // copied just above), not for a whole checkpoint.
    if (walBytes() > options.truncateBytes) db.pragma('wal_checkpoint(TRUNCATE)')
    lastError = null
    failures = 0
  } catch (err) {
    const code = (err as { code?: string }).code ?? 'error'
    // Once per kind of failure (a full disk would say so every interval).
    if (code !== lastError) port.postMessage({ type: 'error', code, message: (err as Error).message })
    lastError = code
    // A disk that keeps refusing: the log must not grow unchecked behind a worker that cannot help.
    if (++failures >= GIVE_UP_AFTER) {
      clearInterval(timer)
      db.close()
      process.exit(1)
    }
  }
}, options.intervalMs)

port.on('message', (m) => {
  if (m !== 'stop') return
  clearInterval(timer)
  db.close()
  port.close()
})
