import { parentPort, workerData } from 'node:worker_threads'
import Database from 'better-sqlite3'
import { z } from 'zod'

/**
 * The node's WAL checkpoints, on a thread of their own with a connection of their own (see
 * checkpointer.ts): copying the log into the database file and syncing it took the node's thread
 * 15–40 ms every few megabytes written, in the middle of whatever it was doing.
 */
const options = z.object({ file: z.string().min(1), nativeBinding: z.string().optional(), intervalMs: z.number().int().positive() }).parse(workerData)
const db = new Database(options.file, { fileMustExist: true, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) })
const port = parentPort!

let lastError: string | null = null
const timer = setInterval(() => {
  try {
    // PASSIVE never waits for the node's writer or readers: what it cannot copy now goes next time.
    db.pragma('wal_checkpoint(PASSIVE)')
    lastError = null
  } catch (err) {
    const code = (err as { code?: string }).code ?? 'error'
    // Once per kind of failure (a full disk would say so every interval).
    if (code !== lastError) port.postMessage({ type: 'error', code, message: (err as Error).message })
    lastError = code
  }
}, options.intervalMs)

port.on('message', (m) => {
  if (m !== 'stop') return
  clearInterval(timer)
  db.close()
  port.close()
})
