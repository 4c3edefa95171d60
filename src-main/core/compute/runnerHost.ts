import { fork } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import type { Log } from '../log'
import type { BackendDiagnosis } from './backendChoice'
import { fromRunnerSchema, type FromRunner, type RunnerMemory, type Task, type ToRunner } from './protocol'

/** The part of a child process the host needs: Node's fork and Electron's utilityProcess both fit. */
export interface RunnerChild {
  /** OS process id, so the node can tell its own GPU work from the owner's; null until known. */
  readonly pid: number | null
  /** `sent` is called once the message has left this process (a large one takes a while to). */
  send(message: ToRunner, sent?: () => void): void
  onMessage(listener: (message: unknown) => void): void
  onExit(listener: (code: number | null, signal: string | null) => void): void
  kill(): void
}
/** Starts a runner; `extraEnv` goes on top of its environment (CUDA_VISIBLE_DEVICES for the owner's GPU choice). */
export type ForkRunner = (extraEnv?: Record<string, string>) => RunnerChild

/** child_process.fork of the built runner (plain Node: headless node, tests, CLI); its output goes to the log. The environment is read at each start (GPU selection can change it). */
export function nodeFork(file: string, env: NodeJS.ProcessEnv | (() => NodeJS.ProcessEnv) = process.env, log?: Log): ForkRunner {
  return (extraEnv) => {
    const child = fork(file, [], { env: { ...(typeof env === 'function' ? env() : env), ...extraEnv }, serialization: 'advanced', stdio: ['ignore', 'pipe', 'pipe', 'ipc'] })
    // A send that races the child's exit fails with ERR_IPC_CHANNEL_CLOSED: the exit handler reports it.
    child.on('error', (err) => log?.warn({ err }, 'compute runner channel error'))
    child.stdout?.on('data', (c: Buffer) => log?.info({ runner: c.toString().trim().slice(0, 2000) }, 'compute runner output'))
    child.stderr?.on('data', (c: Buffer) => log?.warn({ runner: c.toString().trim().slice(0, 2000) }, 'compute runner error output'))
    return {
      pid: child.pid ?? null,
      send: (m, sent) => {
        if (!child.connected) return sent?.()
        child.send(m, (err) => {
          if (err) log?.warn({ err }, 'message to the compute runner was lost')
          sent?.()
        })
      },
      onMessage: (l) => void child.on('message', l),
      onExit: (l) => void child.on('exit', (code, signal) => l(code, signal)),
      kill: () => void child.kill('SIGKILL')
    }
  }
}

export type RunnerState = 'stopped' | 'starting' | 'ready' | 'restarting' | 'failed'

export interface RunnerStatus {
  state: RunnerState
  detail: string | null
  restarts: number
  diagnosis: BackendDiagnosis | null
  memory: RunnerMemory | null
}

export class RunnerError extends Error {
  constructor(
    readonly code: 'E_RUNNER_HUNG' | 'E_RUNNER_CRASHED' | 'E_CANCELLED' | 'E_WRONG_RESULT' | 'E_INTERNAL' | 'E_BAD_INPUT' | 'E_TIMEOUT',
    message: string
  ) {
    super(message)
  }
}

interface Pending {
  resolve(value: unknown): void
  reject(err: RunnerError): void
  onProgress(done: number, total: number, label: string): void
}

/**
 * The app's side of the compute runner: requests with ids, progress, cancellation, and a watchdog.
 * A runner that crashes or stays silent past hangMs is killed; its requests fail with a clear
 * error and a fresh runner starts (with backoff).
 */
export function createRunnerHost(options: { fork: ForkRunner; log: Log; hangMs?: number; onStatus?(s: RunnerStatus): void }) {
  const hangMs = options.hangMs ?? 30_000
  const pending = new Map<string, Pending>()
  let child: RunnerChild | null = null
  let ready: Promise<void> | null = null
  // Monotonic: a wall-clock jump must neither hide a hang nor kill a healthy run.
  let lastHeard = performance.now()
  let delay = 500
  let status: RunnerStatus = { state: 'stopped', detail: null, restarts: 0, diagnosis: null, memory: null }
  let stopping = false
  let restartTimer: NodeJS.Timeout | null = null

  const setStatus = (next: Partial<RunnerStatus>) => {
    status = { ...status, ...next }
    options.onStatus?.({ ...status })
  }

  const failAll = (err: RunnerError) => {
    for (const p of pending.values()) p.reject(err)
    pending.clear()
  }

  function restart(detail: string) {
    child = null
    ready = null
    if (stopping) return
    setStatus({ state: 'restarting', detail, restarts: status.restarts + 1 })
    restartTimer = setTimeout(() => void start().catch(() => {}), delay)
    delay = Math.min(delay * 2, 30_000)
  }

  const watchdog = setInterval(() => {
    if (child && pending.size > 0 && performance.now() - lastHeard > hangMs) {
      const c = child
      options.log.warn({ hangMs }, 'compute runner hung; killing it')
      failAll(new RunnerError('E_RUNNER_HUNG', `The compute runner stopped answering for ${Math.round(hangMs / 1000)} s and was restarted.`))
      restart('restarted after it hung')
      c.kill()
    }
  }, 1000)
  watchdog.unref()

  function handle(c: RunnerChild, raw: unknown, onReady: (d: BackendDiagnosis) => void, onFatal: (m: string) => void) {
    if (c !== child) return
    lastHeard = performance.now()
    const parsed = fromRunnerSchema.safeParse(raw)
    if (!parsed.success) return options.log.warn({ issue: parsed.error.issues[0] }, 'bad message from compute runner')
    const m: FromRunner = parsed.data
    if (m.type === 'ready') return onReady(m.diagnosis as BackendDiagnosis)
    if (m.type === 'fatal') return onFatal(m.message)
    if (m.type === 'heartbeat') return
    const p = pending.get(m.id)
    if (!p) return
    if (m.type === 'progress') return p.onProgress(m.done, m.total, m.label)
    pending.delete(m.id)
    if (m.memory) setStatus({ memory: m.memory })
    if (m.type === 'result') p.resolve(m.value)
    else p.reject(new RunnerError(m.code, m.message))
  }

  function start(): Promise<void> {
    if (ready) return ready
    stopping = false
    ready = new Promise<void>((resolve, reject) => {
      setStatus({ state: status.restarts > 0 ? 'restarting' : 'starting' })
      const c = options.fork()
      child = c
      lastHeard = performance.now()
      const bootTimer = setTimeout(() => {
        if (child !== c) return
        reject(new RunnerError('E_RUNNER_HUNG', 'The compute runner did not start within 60 s.'))
        restart('did not start')
        c.kill()
      }, 60_000)
      c.onMessage((raw) =>
        handle(
          c,
          raw,
          (diagnosis) => {
            clearTimeout(bootTimer)
            delay = 500
            setStatus({ state: 'ready', detail: null, diagnosis })
            resolve()
          },
          (message) => {
            clearTimeout(bootTimer)
            setStatus({ state: 'failed', detail: message })
            reject(new RunnerError('E_INTERNAL', message))
          }
        )
      )
      c.onExit((code, signal) => {
        clearTimeout(bootTimer)
        if (child !== c) return
        const how = signal ? `signal ${signal}` : `code ${code}`
        options.log.warn({ code, signal }, 'compute runner exited')
        failAll(new RunnerError('E_RUNNER_CRASHED', `The compute runner crashed (${how}) and was restarted.`))
        if (status.state === 'failed') {
          child = null
          ready = null
          return reject(new RunnerError('E_INTERNAL', status.detail ?? 'The compute runner failed to start.'))
        }
        restart(`restarted after it crashed (${how})`)
        reject(new RunnerError('E_RUNNER_CRASHED', `The compute runner exited (${how}).`))
      })
    })
    return ready
  }

  return {
    start,
    status: (): RunnerStatus => ({ ...status }),
    /** The runner's process id while one runs. */
    pid: (): number | null => child?.pid ?? null,
    /**
     * Runs a task; cancel() asks the runner to stop at its next checkpoint. `sent` resolves once
     * the task has left this process (or the request has ended): work that would hold this thread
     * waits for it, so a large task is not stuck half-sent while the runner waits for the rest.
     */
    request(task: Task, onProgress: Pending['onProgress'] = () => {}) {
      const id = randomUUID()
      let markSent = () => {}
      const sent = new Promise<void>((r) => (markSent = r))
      const send = () =>
        new Promise<unknown>((resolve, reject) => {
          pending.set(id, { resolve, reject, onProgress })
          child!.send({ type: 'run', id, task }, markSent)
        })
      const promise = status.state === 'ready' && child ? send() : start().then(send)
      promise.then(markSent, markSent)
      return { id, promise, sent, cancel: () => child?.send({ type: 'cancel', id }) }
    },
    /** A fresh runner (its environment changed): the current one goes, its requests end cancelled; the watchdog stays. */
    async recycle(): Promise<void> {
      if (restartTimer) clearTimeout(restartTimer)
      failAll(new RunnerError('E_CANCELLED', 'The compute runner restarts with a new GPU selection.'))
      const c = child
      child = null
      ready = null
      c?.kill()
      await start()
    },
    async stop(): Promise<void> {
      stopping = true
      clearInterval(watchdog)
      if (restartTimer) clearTimeout(restartTimer)
      failAll(new RunnerError('E_CANCELLED', 'The node is shutting down.'))
      const c = child
      child = null
      ready = null
      c?.kill()
      setStatus({ state: 'stopped' })
    }
  }
}

export type RunnerHost = ReturnType<typeof createRunnerHost>
