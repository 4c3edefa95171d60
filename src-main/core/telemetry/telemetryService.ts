import type { Database } from 'better-sqlite3'
import type { DeviceSample, GpuProcess, Inventory, SamplerStatus, TelemetryQuery } from '../../../src-preload/contract'
import type { Clock } from '../clock'
import type { EventHub } from '../events'
import { scanInventory } from '../gpu/inventory'
import { computeAppsFields, parseComputeApps } from '../gpu/nvidiaQuery'
import { createNvidiaSmiStream, type NvidiaSmiStream, type StreamStatus } from '../gpu/nvidiaSmiStream'
import { parseRocmSmi, rocmSamples, rocmSmiArgs } from '../gpu/rocmSmi'
import { runTool } from '../gpu/runTool'
import type { Log } from '../log'
import { hostSampler } from './hostSampler'
import { createTelemetryQuery } from './query'
import { createRollup } from './rollup'
import { createSampleStore } from './sampleStore'

export interface TelemetryOptions {
  db: Database
  clock: Clock
  log: Log
  events: EventHub
  intervalMs: number
  /** Paths of the vendor tools; those on PATH by default. */
  nvidiaSmi?: string
  rocmSmi?: string
  flushMs?: number
  processesMs?: number
  /** Least time between automatic rescans (default 30 s). */
  rescanMinMs?: number
  /** Told of a write that failed for lack of disk (db/storageHealth.ts), so the node pauses instead of logging every flush. */
  storage?: { report(err: unknown): boolean }
}

/** Intervals are measured on a monotonic clock: a wall-clock jump must not stall or rush them. */
const mono = () => performance.now()

/**
 * Hardware inventory, live sampling (one nvidia-smi stream + systeminformation for the host),
 * batched storage with rollups, and the latest reading of every device.
 */
export function createTelemetryService(options: TelemetryOptions) {
  const { db, clock, log, events } = options
  let intervalMs = options.intervalMs
  const store = createSampleStore(db, { maxGapMs: () => Math.max(5000, intervalMs * 3) })
  const rollup = createRollup(db)
  const query = createTelemetryQuery(db)
  const latest = new Map<string, DeviceSample>()
  const saveInventory = db.prepare('INSERT INTO inventory (id, scanned_at, body) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET scanned_at = excluded.scanned_at, body = excluded.body')
  const loadInventory = db.prepare<[], { body: string }>('SELECT body FROM inventory WHERE id = 1')
  let inventory: Inventory | null = (() => {
    const row = loadInventory.get()
    return row ? (JSON.parse(row.body) as Inventory) : null
  })()
  let processes: GpuProcess[] = []
  let stream: NvidiaSmiStream | null = null
  let streamStatus: StreamStatus = { state: 'stopped', detail: null, restarts: 0 }
  const timers: NodeJS.Timeout[] = []
  let hostTimer: NodeJS.Timeout | null = null
  let scanning: Promise<Inventory> | null = null
  let lastRescan = -Infinity
  const lastReadingAt = new Map<string, number>()
  const rescanMinMs = options.rescanMinMs ?? 30_000
  let running = false

  const samplerStatus = (): SamplerStatus => {
    const nvidiaGpus = inventory?.gpus.filter((g) => g.sources.includes('nvidia-smi')).length ?? 0
    const lastSampleAt = Math.max(0, ...[...latest.values()].map((s) => s.ts)) || null
    if (nvidiaGpus === 0) {
      const amd = inventory?.gpus.some((g) => g.sources.includes('rocm-smi'))
      const detail = amd ? `AMD GPUs are read through rocm-smi every ${Math.max(5, intervalMs / 1000)} s.` : 'Sampling CPU and memory; no GPU with live readings.'
      return { state: running ? 'running' : 'stopped', detail: running ? detail : null, restarts: 0, lastSampleAt, intervalMs }
    }
    return { ...streamStatus, lastSampleAt, intervalMs }
  }

  // A live meter of GPU energy (joules since start), for the energy of each job; the stored
  // energy_hourly is written in batches and would miss a job's last seconds.
  let gpuJoules = 0
  let gpuPowerSeen = false
  const lastPower = new Map<string, { ts: number; w: number }>()
  function meter(sample: DeviceSample): void {
    const w = sample.values.powerW
    if (typeof w !== 'number') {
      lastPower.delete(sample.device)
      return
    }
    gpuPowerSeen = true
    const prev = lastPower.get(sample.device)
    const dt = prev ? (sample.ts - prev.ts) / 1000 : 0
    // Trapezoids between readings; a gap as long as the store's (sampler down) counts nothing.
    if (prev && dt > 0 && dt * 1000 <= Math.max(5000, intervalMs * 3)) gpuJoules += ((prev.w + w) / 2) * dt
    lastPower.set(sample.device, { ts: sample.ts, w })
  }

  function record(sample: DeviceSample, kind: 'gpu' | 'host', name: string) {
    if (kind === 'gpu') meter(sample)
    latest.set(sample.device, sample)
    lastReadingAt.set(sample.device, mono())
    store.add(sample, kind, name)
    events.emit('telemetry.sample', sample)
  }

  function gpuName(uuid: string) {
    return inventory?.gpus.find((g) => g.key === uuid)?.name ?? 'NVIDIA GPU'
  }

  /** rocm-smi has no streaming mode: it is polled, at most every 5 s (each call starts Python). */
  let amdBusy = false
  let amdLastPoll = -Infinity
  async function pollAmd() {
    const now = mono()
    if (amdBusy || now - amdLastPoll < Math.max(5000, intervalMs) || !inventory?.gpus.some((g) => g.sources.includes('rocm-smi'))) return
    amdBusy = true
    amdLastPoll = now
    try {
      const run = await runTool(options.rocmSmi ?? 'rocm-smi', rocmSmiArgs, 10_000)
      if (run.state !== 'ok') return log.warn({ detail: run.detail }, 'rocm-smi poll failed')
      const cards = parseRocmSmi(run.stdout)
      for (const s of rocmSamples(cards, clock.now())) if (running) record(s, 'gpu', cards.find((c) => c.info.key === s.device)?.info.name ?? 'AMD GPU')
    } catch (err) {
      log.warn({ err }, 'rocm-smi output unusable')
    } finally {
      amdBusy = false
    }
  }

  function startStream() {
    if (stream || !inventory?.gpus.some((g) => g.sources.includes('nvidia-smi'))) return
    stream = createNvidiaSmiStream({
      intervalMs,
      log,
      command: options.nvidiaSmi,
      onReading: (r) => {
        if (!inventory?.gpus.some((g) => g.key === r.uuid)) void rescanSoon(`new GPU ${r.uuid}`)
        record({ device: r.uuid, ts: clock.now(), values: r.values, throttle: r.throttle }, 'gpu', gpuName(r.uuid))
        // A GPU that stops reporting while others go on was unplugged or lost by the driver.
        const now = mono()
        const silent = inventory?.gpus.find((g) => g.sources.includes('nvidia-smi') && now - (lastReadingAt.get(g.key) ?? lastRescan) > Math.max(5000, 5 * intervalMs))
        if (silent) void rescanSoon(`GPU ${silent.index} (${silent.key}) stopped reporting`)
      },
      onStatus: (s) => {
        streamStatus = s
        if (s.detail && /lost|No devices were found|Unable to determine the device handle/i.test(s.detail)) void rescanSoon(s.detail)
        events.emit('telemetry.status', samplerStatus())
      }
    })
    stream.start()
  }

  async function stopStream() {
    const s = stream
    stream = null
    await s?.stop()
  }

  const sampleHost = hostSampler()
  function scheduleHost() {
    if (hostTimer) clearInterval(hostTimer)
    hostTimer = setInterval(() => {
      void pollAmd()
      sampleHost(clock.now()).then(
        (s) => running && record(s, 'host', inventory?.host.hostname ?? 'host'),
        (err: unknown) => log.warn({ err }, 'host sample failed')
      )
    }, intervalMs)
  }

  /** Flush, then roll up and prune in bounded slices until caught up or 20 ms are spent. */
  function flushAndMaintain() {
    try {
      const oldest = store.flush()
      const now = clock.now()
      if (oldest !== null) rollup.rewind(oldest, now)
      const until = performance.now() + 20
      while (rollup.tick(now) && performance.now() < until) {
        // keep working off the backlog
      }
    } catch (err) {
      if (!options.storage?.report(err)) log.error({ err }, 'telemetry flush failed')
    }
  }

  let processesBusy = false
  async function pollProcesses() {
    if (processesBusy || !inventory?.gpus.some((g) => g.sources.includes('nvidia-smi'))) return
    processesBusy = true
    try {
      const run = await runTool(options.nvidiaSmi ?? 'nvidia-smi', [`--query-compute-apps=${computeAppsFields}`, '--format=csv,noheader,nounits'], 10_000)
      processes = run.state === 'ok' ? parseComputeApps(run.stdout) : []
    } finally {
      processesBusy = false
    }
  }

  /**
   * No NVIDIA GPU found (driver missing, not loaded yet, nvidia-smi failing): ask nvidia-smi -L now
   * and then (30 s, doubling to 5 min) and scan again once it lists GPUs.
   */
  let probeTimer: NodeJS.Timeout | null = null
  let probeDelay = 30_000
  function scheduleDriverProbe() {
    if (probeTimer || !running || inventory?.gpus.some((g) => g.sources.includes('nvidia-smi'))) return
    probeTimer = setTimeout(async () => {
      probeTimer = null
      const run = await runTool(options.nvidiaSmi ?? 'nvidia-smi', ['-L'], 10_000)
      if (run.state === 'ok' && /^GPU \d+:/m.test(run.stdout)) {
        probeDelay = 30_000
        await rescan().catch((err: unknown) => log.error({ err }, 'rescan failed'))
      } else {
        probeDelay = Math.min(probeDelay * 2, 300_000)
        scheduleDriverProbe()
      }
    }, probeDelay)
    probeTimer.unref()
  }

  async function rescan(): Promise<Inventory> {
    scanning ??= (async () => {
      try {
        const next = await scanInventory({ log, now: clock.now, nvidiaSmi: options.nvidiaSmi, rocmSmi: options.rocmSmi })
        const keys = (inv: Inventory | null) => (inv?.gpus ?? []).filter((g) => g.sources.includes('nvidia-smi')).map((g) => g.key).join(',')
        const changed = keys(inventory) !== keys(next)
        inventory = next
        lastRescan = mono()
        saveInventory.run(next.scannedAt, JSON.stringify(next))
        events.emit('gpu.inventory', next)
        // Same GPUs: the running stream goes on (no gap in samples or energy).
        if (running && (changed || !stream)) {
          await stopStream()
          startStream()
        }
        scheduleDriverProbe()
        events.emit('telemetry.status', samplerStatus())
        return next
      } finally {
        scanning = null
      }
    })()
    return scanning
  }

  /** A device appeared or vanished: scan again, at most every 30 s. */
  async function rescanSoon(reason: string) {
    if (scanning || mono() - lastRescan < rescanMinMs) return
    log.info({ reason }, 'devices changed; scanning hardware again')
    await rescan().catch((err: unknown) => log.error({ err }, 'rescan failed'))
  }

  return {
    async start() {
      running = true
      // The scan spawns tools and can take seconds: the node serves meanwhile.
      void rescan().catch((err: unknown) => log.error({ err }, 'hardware scan failed'))
      scheduleHost()
      timers.push(setInterval(flushAndMaintain, options.flushMs ?? 2000))
      // Every 3 s: another program on the GPU pauses the node within 5 s (the policy decides each second).
      timers.push(setInterval(() => void pollProcesses(), options.processesMs ?? 3000))
    },
    async stop() {
      running = false
      timers.splice(0).forEach(clearInterval)
      if (probeTimer) clearTimeout(probeTimer)
      if (hostTimer) clearInterval(hostTimer)
      await stopStream()
      await scanning?.catch(() => {})
      flushAndMaintain()
    },
    async setInterval(ms: number) {
      if (ms === intervalMs) return
      intervalMs = ms
      if (!running) return
      scheduleHost()
      await stopStream()
      startStream()
    },
    inventory: async (): Promise<Inventory> => inventory ?? rescan(),
    /** The last scan, without waiting for one. */
    currentInventory: (): Inventory | null => inventory,
    energyTotals: () => query.energyTotals(),
    /** Joules all GPUs have drawn since the node started, measured live; null where no GPU reports power. */
    gpuJoules: (): number | null => (gpuPowerSeen ? gpuJoules : null),
    rescan,
    processes: (): GpuProcess[] => processes,
    latest: () => ({ samples: [...latest.values()], sampler: samplerStatus() }),
    query: (q: TelemetryQuery) => query.series(q, clock.now()),
    energy: (from: number, to: number) => query.energy(from, to),
    /** For tests and benchmarks: write what is buffered now. */
    flush: flushAndMaintain
  }
}

export type TelemetryService = ReturnType<typeof createTelemetryService>
