import * as tf from '@tensorflow/tfjs-core'
import { chooseBackend, type BackendId, type BackendLoader } from './backendChoice'
import { fromRunnerSchema, toRunnerSchema, type FromRunner, type RunnerMemory, type Task } from './protocol'
import { benchInference } from './inferenceBench'
import { executeJob, JobInputError, JobTimeoutError } from './jobExecutor'
import { runSuite, WrongResultError } from './suite'
import { tfjsLoaders, wasmFeatures } from './tfjsLoaders'

/**
 * The compute runner: a child process that owns TensorFlow.js, so a native crash or a hang in a
 * backend never takes the app down. Speaks the protocol in protocol.ts over the fork channel
 * (Node) or the parent port (Electron utilityProcess).
 */
type ParentPort = { on(e: 'message', l: (m: { data: unknown }) => void): void; postMessage(m: unknown): void }
const electronPort = (process as unknown as { parentPort?: ParentPort }).parentPort

function send(message: FromRunner): void {
  const checked = fromRunnerSchema.parse(message)
  if (electronPort) electronPort.postMessage(checked)
  else process.send?.(checked)
}
function onMessage(listener: (m: unknown) => void): void {
  if (electronPort) electronPort.on('message', (e) => listener(e.data))
  else process.on('message', listener)
}

class Cancelled extends Error {}
const cancelled = new Set<string>()

const memory = (): RunnerMemory => {
  let tfTensors: number | null = null
  let tfBytes: number | null = null
  try {
    const m = tf.memory()
    tfTensors = Number.isFinite(m.numTensors) ? m.numTensors : null
    tfBytes = Number.isFinite(m.numBytes) ? m.numBytes : null
  } catch {
    // no backend yet
  }
  return { rssBytes: process.memoryUsage().rss, heapUsedBytes: process.memoryUsage().heapUsed, tfTensors, tfBytes }
}

async function run(id: string, task: Task): Promise<unknown> {
  const checkpoint = async () => {
    await new Promise((r) => setImmediate(r))
    if (cancelled.has(id)) throw new Cancelled()
  }
  if (task.kind === 'selftest') {
    if (task.action === 'crash') process.abort()
    if (task.action === 'hang') for (;;) Math.sqrt(2)
    if (task.action === 'slow') {
      const end = Date.now() + (task.ms ?? 1000)
      while (Date.now() < end) {
        send({ type: 'progress', id, done: 1, total: 2, label: 'waiting' })
        await checkpoint()
        await new Promise((r) => setTimeout(r, 50))
      }
    }
    return { echo: task }
  }
  if (task.kind === 'job') {
    let lastSent = 0
    let lastYield = performance.now()
    return executeJob(task, {
      // A batch can take a fraction of a millisecond: yielding after every one (hundreds per job)
      // cost more than some jobs compute. Every 10 ms is soon enough to hear a cancel or a pause.
      async checkpoint() {
        if (performance.now() - lastYield < 10) return
        await checkpoint()
        lastYield = performance.now()
      },
      progress: (done, total) => {
        // Tiny jobs finish in a millisecond: a message per batch would cost more than the work.
        const now = performance.now()
        if (now - lastSent < 100 && done < total) return
        lastSent = now
        send({ type: 'progress', id, done, total, label: 'items' })
      }
    })
  }
  if (task.kind === 'tightloop') return tightLoop(task.n, task.reps)
  if (task.kind === 'work') return timeWork(task.op, task.size)
  return runSuite(task.mode, { tf, checkpoint, progress: (done, total, label) => send({ type: 'progress', id, done, total, label }), inference: () => benchInference(tf, task.mode, checkpoint) })
}

/** Back-to-back matmuls with nothing around them but one final read: the backend's own speed. */
function tightLoop(n: number, reps: number): { gflops: number } {
  const a = tf.randomUniform([n, n], -1, 1)
  const b = tf.randomUniform([n, n], -1, 1)
  tf.tidy(() => tf.matMul(a, b).dataSync())
  const t = performance.now()
  let last = tf.matMul(a, b)
  for (let r = 1; r < reps; r++) {
    last.dispose()
    last = tf.matMul(a, b)
  }
  last.dataSync()
  last.dispose()
  const ms = performance.now() - t
  a.dispose()
  b.dispose()
  return { gflops: (2 * n ** 3 * reps) / (ms * 1e6) }
}

/** Times one operation of the given size (median of 3 after a warm-up), inputs made beforehand. */
function timeWork(op: 'matmul' | 'conv2d' | 'elementwise', size: number): { ms: number } {
  const inputs =
    op === 'matmul'
      ? [tf.randomUniform([size, size]), tf.randomUniform([size, size])]
      : op === 'conv2d'
        ? [tf.randomUniform([1, size, size, 32]), tf.randomUniform([3, 3, 32, 32])]
        : [tf.randomUniform([size]), tf.randomUniform([size])]
  const once = () =>
    tf.tidy(() => {
      const out = op === 'matmul' ? tf.matMul(inputs[0]!, inputs[1]!) : op === 'conv2d' ? tf.conv2d(inputs[0] as tf.Tensor4D, inputs[1] as tf.Tensor4D, 1, 'same') : tf.add(inputs[0]!, inputs[1]!)
      tf.sum(out).dataSync()
    })
  once()
  const times = [0, 1, 2].map(() => {
    const t = performance.now()
    once()
    return performance.now() - t
  })
  inputs.forEach((t) => t.dispose())
  return { ms: times.sort((a, b) => a - b)[1]! }
}

async function main(): Promise<void> {
  // A stand-in module may replace the loaders (tests of backend selection and of wrong results).
  const injected = process.env.INGOT_BACKEND_LOADERS
  const loaders = injected ? ((await import(injected)) as { loaders: Record<BackendId, BackendLoader> }).loaders : tfjsLoaders
  const diagnosis = await chooseBackend(loaders, () => tf.getBackend(), wasmFeatures)
  // The first kernels compile (CUDA JIT, wasm warm-up): do it inside the boot window, not in a task
  // where the hang watchdog is counting.
  tf.tidy(() => tf.sum(tf.matMul(tf.ones([64, 64]), tf.ones([64, 64]))).dataSync())
  setInterval(() => send({ type: 'heartbeat' }), 1000).unref()
  onMessage((raw) => {
    const parsed = toRunnerSchema.safeParse(raw)
    if (!parsed.success) return
    const msg = parsed.data
    if (msg.type === 'cancel') {
      cancelled.add(msg.id)
      return
    }
    run(msg.id, msg.task).then(
      (value) => send({ type: 'result', id: msg.id, value, memory: memory() }),
      (err: unknown) => {
        const code = err instanceof Cancelled ? 'E_CANCELLED' : err instanceof WrongResultError ? 'E_WRONG_RESULT' : err instanceof JobInputError ? 'E_BAD_INPUT' : err instanceof JobTimeoutError ? 'E_TIMEOUT' : 'E_INTERNAL'
        send({ type: 'error', id: msg.id, code, message: err instanceof Cancelled ? 'Cancelled.' : (err as Error).message, memory: memory() })
      }
    ).finally(() => cancelled.delete(msg.id))
  })
  send({ type: 'ready', diagnosis })
}

main().catch((err: unknown) => {
  send({ type: 'fatal', message: err instanceof Error ? err.message : String(err) })
  process.exit(1)
})
