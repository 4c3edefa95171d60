import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import type { MetricName } from '../../../src-preload/contract'
import type { Log } from '../log'
import { parseQueryLine, queryFields, unknownField, type NvidiaReading } from './nvidiaQuery'

export type StreamState = 'starting' | 'running' | 'restarting' | 'unavailable' | 'stopped'

export interface StreamStatus {
  state: StreamState
  detail: string | null
  restarts: number
}

export interface StreamOptions {
  intervalMs: number
  log: Log
  onReading(reading: NvidiaReading): void
  onStatus(status: StreamStatus): void
  /** nvidia-smi's path; the one on PATH by default. */
  command?: string
  /** How long without a line counts as hung (default: 3 intervals, at least 5 s). */
  silenceMs?: number
  backoff?: { initialMs: number; maxMs: number }
}

/**
 * One long-lived `nvidia-smi --query-gpu … -lms <interval>` for all GPUs, read line by line.
 * It is restarted with backoff when it exits or goes silent; fields the driver rejects are dropped.
 */
export function createNvidiaSmiStream(options: StreamOptions) {
  const { log, onReading } = options
  const command = options.command ?? 'nvidia-smi'
  const silenceMs = options.silenceMs ?? Math.max(5000, options.intervalMs * 3)
  const backoff = options.backoff ?? { initialMs: 1000, maxMs: 60_000 }
  let fields = [...queryFields]
  let child: ChildProcess | null = null
  let silenceTimer: NodeJS.Timeout | null = null
  let restartTimer: NodeJS.Timeout | null = null
  let delay = backoff.initialMs
  /** Restart at once, one time (after dropping a refused field); then back to the backoff. */
  let immediate = false
  let status: StreamStatus = { state: 'stopped', detail: null, restarts: 0 }
  let garbage = 0

  const setStatus = (next: Partial<StreamStatus>) => {
    const merged = { ...status, ...next }
    if (merged.state === status.state && merged.detail === status.detail && merged.restarts === status.restarts) return
    status = merged
    options.onStatus({ ...status })
  }

  const armSilence = () => {
    if (silenceTimer) clearTimeout(silenceTimer)
    silenceTimer = setTimeout(() => {
      log.warn({ silenceMs }, 'nvidia-smi went silent; restarting it')
      fail(`nvidia-smi printed nothing for ${Math.round(silenceMs / 1000)} s; restarting it`)
    }, silenceMs)
  }

  function fail(detail: string, state: StreamState = 'restarting') {
    const dying = child
    child = null
    if (silenceTimer) clearTimeout(silenceTimer)
    if (dying && dying.exitCode === null) dying.kill('SIGKILL')
    setStatus({ state, detail, restarts: status.restarts + 1 })
    restartTimer = setTimeout(launch, immediate ? 0 : delay)
    if (!immediate) delay = Math.min(delay * 2, backoff.maxMs)
    immediate = false
  }

  function launch() {
    restartTimer = null
    const args = [`--query-gpu=${fields.map((f) => f.field).join(',')}`, '--format=csv,noheader,nounits', '-lms', String(options.intervalMs)]
    const proc = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    child = proc
    let stderr = ''
    let lastLine = '' // last non-empty line: nvidia-smi reports errors on stdout
    proc.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-2000)))
    proc.on('error', (err: NodeJS.ErrnoException) => {
      if (child !== proc) return
      if (err.code === 'ENOENT') fail(`${command} not found: install the NVIDIA driver to see NVIDIA GPUs`, 'unavailable')
      else fail(`cannot run ${command}: ${err.message}`)
    })
    // 'close', not 'exit': by then every line it printed has been read.
    proc.on('close', (code, signal) => {
      if (child !== proc) return
      const said = (stderr.trim() || lastLine).split('\n').at(-1) ?? ''
      const dropped = unknownField(`${stderr}\n${lastLine}`)
      if (dropped && fields.some((f) => f.field === dropped)) {
        // Drivers rename fields: try the field's next name, else sample without it.
        fields = fields.flatMap((f) => {
          if (f.field !== dropped) return [f]
          const [next, ...rest] = f.alternatives ?? []
          return next ? [{ ...f, field: next, alternatives: rest }] : []
        })
        log.warn({ field: dropped }, 'nvidia-smi refused a field; sampling without it')
        immediate = true
      }
      fail(`nvidia-smi exited (${signal ?? `code ${code}`})${said ? `: ${said}` : ''}`)
    })
    const lines = createInterface({ input: proc.stdout! })
    lines.on('line', (line) => {
      if (child !== proc) return
      if (line.trim()) lastLine = line
      armSilence()
      const parsed = parseQueryLine(line, fields)
      if (!parsed.ok) {
        if (garbage++ % 100 === 0) log.warn({ line: line.slice(0, 200), reason: parsed.reason }, 'unparsable nvidia-smi line')
        return
      }
      delay = backoff.initialMs
      setStatus({ state: 'running', detail: null })
      onReading(parsed.reading)
    })
    setStatus({ state: status.restarts === 0 ? 'starting' : 'restarting' })
    armSilence()
  }

  return {
    start() {
      if (child || restartTimer) return
      delay = backoff.initialMs
      launch()
    },
    stop(): Promise<void> {
      if (restartTimer) clearTimeout(restartTimer)
      if (silenceTimer) clearTimeout(silenceTimer)
      restartTimer = null
      const proc = child
      child = null
      setStatus({ state: 'stopped', detail: null })
      if (!proc || proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve()
      // A hung nvidia-smi may ignore SIGTERM: SIGKILL after 2 s, and never wait longer than 3.
      return new Promise((resolve) => {
        const force = setTimeout(() => proc.kill('SIGKILL'), 2000)
        const giveUp = setTimeout(resolve, 3000)
        proc.once('exit', () => {
          clearTimeout(force)
          clearTimeout(giveUp)
          resolve()
        })
        proc.kill('SIGTERM')
      })
    },
    status: (): StreamStatus => ({ ...status }),
    /** The fields in use (fewer than asked when the driver refused some). */
    fields: (): MetricName[] => fields.flatMap((f) => (f.metric ? [f.metric] : []))
  }
}

export type NvidiaSmiStream = ReturnType<typeof createNvidiaSmiStream>
