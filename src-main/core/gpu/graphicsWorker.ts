import { parentPort } from 'node:worker_threads'
import si from 'systeminformation'

// Runs systeminformation.graphics() off the main thread: on Linux it calls nvidia-smi with
// execFileSync and no timeout, so a hung driver would otherwise freeze the whole node.
si.graphics().then(
  (graphics) => parentPort?.postMessage({ ok: true, graphics }),
  (err: unknown) => parentPort?.postMessage({ ok: false, error: err instanceof Error ? err.message : String(err) })
)
