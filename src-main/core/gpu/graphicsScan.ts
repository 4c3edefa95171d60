import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import si from 'systeminformation'

export type Graphics = Awaited<ReturnType<typeof si.graphics>>

/** Where the build put the worker (next to the entry or one folder up from a shared chunk). */
function workerFile(): string | null {
  for (const candidate of [join(__dirname, 'graphicsWorker.js'), join(__dirname, '..', 'graphicsWorker.js')]) if (existsSync(candidate)) return candidate
  return null
}

/**
 * systeminformation.graphics() in a worker thread with a time limit, so a hanging nvidia-smi inside
 * it (called synchronously, without a timeout) cannot freeze the node. Unbundled (unit tests) there
 * is no worker file and it runs in-process.
 */
let stuck: Worker | null = null

export function scanGraphics(timeoutMs = 30_000): Promise<Graphics> {
  const file = workerFile()
  if (!file) return si.graphics()
  // A worker blocked in a hung tool cannot be stopped; never pile up a second one behind it.
  if (stuck) return Promise.reject(new Error('a previous graphics scan is still stuck in a vendor tool'))
  return new Promise((resolve, reject) => {
    const worker = new Worker(file)
    worker.once('exit', () => {
      if (stuck === worker) stuck = null
    })
    const timer = setTimeout(() => {
      stuck = worker
      void worker.terminate()
      reject(new Error(`systeminformation.graphics() did not finish within ${timeoutMs / 1000} s (a vendor tool is hanging)`))
    }, timeoutMs)
    worker.once('message', (m: { ok: true; graphics: Graphics } | { ok: false; error: string }) => {
      clearTimeout(timer)
      void worker.terminate()
      if (m.ok) resolve(m.graphics)
      else reject(new Error(m.error))
    })
    worker.once('error', (err) => {
      clearTimeout(timer)
      reject(err)
    })
    worker.unref()
  })
}
