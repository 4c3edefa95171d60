import { arch, platform } from 'node:os'
import { version } from '../../package.json'
import type { AppInfo, Shell, UpdateStatus } from '../../src-preload/contract'
import { createDispatch, type Dispatch } from './api/dispatch'
import { createHandlers, type Handlers } from './api/handlers'
import { systemClock, type Clock } from './clock'
import { ensureWritableDataDir } from './dataDir'
import { startCheckpointer, type Checkpointer } from './db/checkpointer'
import { databaseFile, openDatabase } from './db/open'
import { createStorageHealth } from './db/storageHealth'
import { createEventHub, type EventHub } from './events'
import type { Log } from './log'
import { createSettingsStore } from './settings/settingsStore'
import { createNodeState } from './state/nodeState'
import { createTelemetryService, type TelemetryService } from './telemetry/telemetryService'
import { createPrometheus, type Prometheus } from './metrics/prometheus'
import { backendInfo, createBenchService, type BenchService } from './compute/benchService'
import { createRunnerHost, nodeFork, type ForkRunner } from './compute/runnerHost'
import { createJobService, type JobService } from './jobs/jobService'
import { createLedger } from './ledger/ledger'
import { loadOrCreateNodeKey, type KeyProtector } from './identity/nodeKey'
import { createMarketService, demoPaceFromEnv, type MarketService, type MarketServiceOptions } from './market/marketService'
import { wsConnect } from './market/wsConnect'
import { cudaVisibleDevices, offeredGpus } from './gpu/gpuSelection'
import { createPolicyService, type PolicyService } from './policy/policyService'
import { marketLine } from './state/nodeState'
import { energyCostMicro, tariffAt } from './policy/tariff'
import { nodeTimeZone } from './ledger/earnings'

export interface CoreOptions {
  dataDir: string
  log: Log
  shell: Shell
  clock?: Clock
  /** better_sqlite3.node built for Electron's ABI (see docs/ARCHITECTURE.md). */
  sqliteNativeBinding?: string
  electronVersion?: string | null
  /** Vendor tools to run; those on PATH by default. */
  nvidiaSmi?: string
  rocmSmi?: string
  /** How to start the compute runner (Node fork or Electron utilityProcess); see compute/runnerHost.ts. */
  forkRunner?: ForkRunner
  /** The built runner script, for the default Node fork. */
  runnerFile?: string
  /** Least time between automatic hardware rescans (tests shorten it). */
  rescanMinMs?: number
  /** Benchmark automatically at first start, after changes and on the schedule (default true; INGOT_AUTOBENCH=0 turns it off). */
  autoBenchmark?: boolean
  /** The longest a job may compute before it is stopped (E_TIMEOUT); default 30 min. */
  jobRunMs?: number
  /** Keeps the node's private key in the OS keychain (Electron safeStorage) where available. */
  keyProtector?: KeyProtector
  /** Coordinator transport (the shells pass the WebSocket one) and demo-market pacing for tests. */
  marketConnect?: MarketServiceOptions['connect']
  marketDemo?: MarketServiceOptions['demo']
  /** Seconds since the owner's last input (Electron powerMonitor); absent on headless rigs, which count as always idle. */
  idleSeconds?: () => number | null
  /** The desktop app's updater (electron/updater.ts); headless nodes have none. */
  updates?: () => UpdateStatus
  /** Join the market that Settings name (default true; INGOT_MARKET=off keeps the node out of any market, for tests). */
  market?: boolean
}

export interface Core {
  /** Validated entry point for every transport. */
  dispatch: Dispatch
  /** Typed handlers for in-process callers (tray, shells); they skip argument validation. */
  api: Handlers
  events: EventHub
  telemetry: TelemetryService
  /** Prometheus text exposition of the node. */
  prometheus: Prometheus
  /** Benchmarks and the performance model (jobs feed it back). */
  bench: BenchService
  jobs: JobService
  market: MarketService
  /** Tells the node a write failed for lack of disk (true: it was a storage fault, now pausing the node). */
  storageFault(err: unknown): boolean
  start(): Promise<void>
  stop(): Promise<void>
}

/** The whole node in plain Node: opens state, wires the contract. Throws IngotError on a newer DB. */
export function createCore(options: CoreOptions): Core {
  const { dataDir, log, shell } = options
  const clock = options.clock ?? systemClock
  ensureWritableDataDir(dataDir)
  const { db, schemaVersion } = openDatabase(dataDir, { nativeBinding: options.sqliteNativeBinding })
  // Started with the core (a core built but never started leaves the writer to checkpoint itself).
  let checkpoints: Checkpointer | null = null
  const startedAt = clock.now()
  const events = createEventHub()
  // A full or read-only disk pauses the node (policy reason 'storage') instead of crashing it.
  const storage = createStorageHealth({ db, dataDir, clock, log })
  const settings = createSettingsStore(db, clock, log)
  const node = createNodeState(db, clock)

  const info = (): AppInfo => ({
    name: 'Ingot',
    version,
    shell,
    dataDir,
    startedAt,
    uptimeMs: clock.now() - startedAt,
    platform: platform(),
    arch: arch(),
    nodeVersion: process.versions.node,
    electronVersion: options.electronVersion ?? null,
    schemaVersion,
    timeZone: nodeTimeZone()
  })

  const telemetry = createTelemetryService({ db, clock, log, events, intervalMs: settings.get().telemetryIntervalMs, nvidiaSmi: options.nvidiaSmi, rocmSmi: options.rocmSmi, rescanMinMs: options.rescanMinMs, storage })
  // GPUs the owner keeps back are hidden from CUDA in the runner.
  const runnerEnv = (): Record<string, string> => {
    const visible = cudaVisibleDevices(telemetry.currentInventory(), settings.get())
    return visible === null ? {} : { CUDA_VISIBLE_DEVICES: visible }
  }
  const forkRunner = options.forkRunner ?? (options.runnerFile ? nodeFork(options.runnerFile, process.env, log) : null)
  const autoBenchmark = options.autoBenchmark ?? process.env.INGOT_AUTOBENCH !== '0'
  let autoTimer: NodeJS.Timeout | null = null
  let runnerReady: (() => void) | null = null
  const runner = createRunnerHost({
    // Read at each start, whichever shell forks it: the GPU choice can change in between.
    fork: forkRunner
      ? () => forkRunner(runnerEnv())
      : () => {
          throw new Error('No compute runner was configured for this core.')
        },
    log,
    onStatus: (s) => {
      events.emit('bench.backend', backendInfo(s))
      if (s.state === 'ready') {
        runnerReady?.()
        jobs.kick()
      }
    }
  })
  const bench = createBenchService({ db, runner, clock, log, events, inventory: telemetry.currentInventory, busy: () => jobs.running() })
  const key = loadOrCreateNodeKey({ dataDir, clock, protector: options.keyProtector })
  const ledger = createLedger(db, clock)
  // Created after the jobs and the market it steers; until then only the owner's pause counts.
  let policy: PolicyService | null = null
  const jobs: JobService = createJobService({
    db,
    runner,
    clock,
    log,
    events,
    ledger,
    key,
    // Receipts name the GPU a job ran on: among those the owner offers.
    inventory: () => {
      const inv = telemetry.currentInventory()
      return inv && { ...inv, gpus: offeredGpus(inv, settings.get()) }
    },
    // Jobs run while the policy lets the node compute (the owner's pause, games, heat, schedule…).
    paused: () => (policy ? !policy.mayCompute() : node.isPaused()),
    benchRunning: bench.running,
    observe: bench.observe,
    maxRunMs: options.jobRunMs,
    energy: { joules: telemetry.gpuJoules, costMicro: (joules, at) => energyCostMicro(joules, tariffAt(settings.get(), at, nodeTimeZone())) },
    storage
  })
  // Jobs waited while a benchmark held the runner.
  events.on('bench.finished', () => jobs.kick())
  // The market bids only while the node is free to earn.
  const market = createMarketService({ db, dataDir, clock, log, events, settings, jobs, bench, telemetry, key, paused: () => policy?.decision()?.state !== 'earning', connect: options.marketConnect ?? wsConnect(log), demo: options.marketDemo ?? demoPaceFromEnv(), enabled: options.market ?? process.env.INGOT_MARKET !== 'off', storage })
  const policyService = createPolicyService({
    db,
    clock,
    log,
    settings,
    telemetry,
    manualPause: () => (node.isPaused() ? { until: node.pausedUntil() } : null),
    idleSeconds: options.idleSeconds,
    market: () => {
      const m = market.status()
      return { connected: m.state === 'connected', detail: marketLine(m) }
    },
    profitability: market.profitability,
    storage,
    offeredGpus: () => offeredGpus(telemetry.currentInventory(), settings.get()).map((g) => g.key),
    selfPids: () => [process.pid, ...(runner.pid() !== null ? [runner.pid()!] : [])],
    onChange: (d, may) => {
      events.emit('node.status', node.status())
      if (may) return jobs.kick()
      // The owner's use wins: a running job goes back to the queue at once, and a benchmark stops.
      jobs.pause()
      // Market jobs go back to their market, which offers them again now; the lab's own wait here.
      market.handBack(d.detail)
      bench.cancelCurrent()
      // A batch that does not reach its checkpoint in 3 s is not waited for: the runner is replaced.
      setTimeout(() => {
        if (policy && !policy.mayCompute() && jobs.running()) void runner.recycle().catch((err: unknown) => log.error({ err }, 'compute runner restart failed'))
      }, 3000).unref()
    }
  })
  policy = policyService
  storage.onChange(() => {
    policyService.poke()
    jobs.kick()
  })
  node.setSources({ market: market.status, decision: policyService.decision })
  events.on('market.status', () => policyService.poke())
  // A program added to or dismissed from the lists counts at once, not at the next scan.
  events.on('settings.changed', () => policyService.rescan())
  // A GPU taken back or offered again: the runner restarts with the new CUDA_VISIBLE_DEVICES (a running job is requeued).
  let gpuChoice = JSON.stringify(settings.get().disabledGpus)
  events.on('settings.changed', (s) => {
    if (JSON.stringify(s.disabledGpus) === gpuChoice || stopped || !forkRunner) return
    gpuChoice = JSON.stringify(s.disabledGpus)
    // The running job goes back to the queue first (not counted as an interruption).
    jobs.pause()
    void runner.recycle().catch((err: unknown) => log.error({ err }, 'compute runner restart failed'))
  })
  const marketKeys = ['marketMode', 'marketUrl', 'region'] as const
  let marketSettings = marketKeys.map((k) => settings.get()[k]).join('\n')
  events.on('settings.changed', (s) => {
    const next = marketKeys.map((k) => s[k]).join('\n')
    if (next !== marketSettings && !stopped) {
      marketSettings = next
      market.restart()
    }
  })
  const updates = options.updates ?? ((): UpdateStatus => ({ state: 'disabled', version: null, progressPct: null, checkedAt: null, detail: 'A headless node updates from its checkout: git pull && npm ci && npm run build, then restart it.' }))
  const api = createHandlers({ info, settings, node, events, telemetry, bench, jobs, ledger, key, db, clock, market, policy: policyService, updates })
  const prometheus = createPrometheus({
    version,
    shell,
    now: clock.now,
    inventory: telemetry.currentInventory,
    latest: telemetry.latest,
    energyTotals: telemetry.energyTotals
  })
  let stopped = false

  return {
    storageFault: (err) => storage.report(err),
    dispatch: createDispatch(api, log, storage),
    api,
    events,
    telemetry,
    prometheus,
    bench,
    jobs,
    market,
    async start() {
      log.info({ dataDir, shell, schemaVersion, version }, 'core started')
      checkpoints ??= startCheckpointer(db, databaseFile(dataDir), { log, nativeBinding: options.sqliteNativeBinding, onStorageFault: storage.report })
      events.emit('node.status', node.status())
      await telemetry.start()
      // Loading the backend takes a moment: the node serves meanwhile.
      if (forkRunner) void runner.start().catch((err: unknown) => log.error({ err }, 'compute runner failed to start'))
      jobs.start()
      market.start()
      policyService.start()
      if (forkRunner && autoBenchmark) {
        const tick = () => {
          // Wait for the first hardware scan: the result depends on what was found.
          // Never while the owner needs the machine (a game, heat, a pause, outside the schedule).
          if (telemetry.currentInventory() && runner.status().state === 'ready' && policyService.mayCompute()) bench.autoRun(settings.get().benchmarkEveryHours)
        }
        autoTimer = setInterval(tick, 60_000)
        autoTimer.unref()
        runnerReady = () => setTimeout(tick, 2000).unref()
      }
    },
    async stop() {
      if (stopped) return
      stopped = true
      if (autoTimer) clearInterval(autoTimer)
      policyService.stop()
      storage.stop()
      market.stop()
      // A running job gets a moment to stop at a batch boundary; then the runner goes, and the job is requeued.
      const jobsIdle = jobs.stop()
      await Promise.race([jobsIdle, new Promise((r) => setTimeout(r, 2000).unref())])
      await runner.stop()
      await jobsIdle
      await telemetry.stop()
      // The writer's own checkpoint on close leaves one self-contained file behind.
      await checkpoints?.stop()
      db.close()
      log.info('core stopped')
    }
  }
}
