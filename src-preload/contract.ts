// THE API between the core and every UI. Types only: both shells and the renderer derive from it.
import type { EarningsSummary, JobDetail, JobQuery, JobResult, JobSummary, LedgerEntry, LedgerVerification, NodeIdentity, SlaSummary } from './jobTypes'
export type * from './jobTypes'
import type { EarningsEstimate, MarketOffer, MarketStatus, SettledMarketJob, WhyNoJobs } from './marketTypes'
export type * from './marketTypes'
import type { Settings, SettingsChange, SettingsPatch, UpdateStatus } from './settingsTypes'
export type * from './settingsTypes'
import type { NodeStatus, Onboarding, OnboardingChoice, PauseOptions, PolicyChange } from './nodeTypes'
export type * from './nodeTypes'

export type Shell = 'desktop' | 'headless'

export interface AppInfo {
  name: string
  version: string
  shell: Shell
  dataDir: string
  startedAt: number
  uptimeMs: number
  platform: string
  arch: string
  nodeVersion: string
  electronVersion: string | null
  schemaVersion: number
  /** The node's IANA time zone: schedules, days and tariffs are in its local time. */
  timeZone: string
}

export type MetricName =
  | 'utilGpu'
  | 'utilMem'
  | 'memUsedMiB'
  | 'memTotalMiB'
  | 'tempC'
  | 'powerW'
  | 'powerLimitW'
  | 'fanPct'
  | 'smClockMHz'
  | 'memClockMHz'
  | 'pstate'
  | 'cpuUtil'
  | 'ramUsedMiB'
  | 'ramTotalMiB'

/** One reading of one device: a GPU (key = its UUID or bus id) or the host ('host'). null = not reported. */
export interface DeviceSample {
  device: string
  ts: number
  values: Partial<Record<MetricName, number | null>>
  /** GPUs: clock throttle reasons active now (e.g. sw_thermal, sw_power_cap); null when not reported. */
  throttle: string[] | null
}

export interface ToolState {
  state: 'ok' | 'missing' | 'error'
  /** What went wrong, in words a user can act on. */
  detail: string | null
}

export interface GpuInfo {
  /** Stable key used by telemetry: NVIDIA UUID, else the PCI bus id, else vendor+index. */
  key: string
  index: number
  name: string
  vendor: string
  vramMiB: number | null
  driverVersion: string | null
  busId: string | null
  uuid: string | null
  cudaVersion: string | null
  computeCapability: string | null
  architecture: string | null
  powerLimitW: { default: number | null; min: number | null; max: number | null; enforced: number | null } | null
  maxClocksMHz: { graphics: number | null; sm: number | null; memory: number | null } | null
  temperatureLimitsC: { slowdown: number | null; shutdown: number | null; target: number | null } | null
  eccMode: string | null
  /** Uncorrected ECC errors since the driver loaded (volatile) and ever (aggregate), where reported. */
  eccErrors: { volatileUncorrected: number | null; aggregateUncorrected: number | null } | null
  migMode: string | null
  /** True when live readings come for this GPU (NVIDIA via nvidia-smi). */
  live: boolean
  sources: string[]
}

export interface HostInfo {
  hostname: string
  os: string
  cpuModel: string
  cpuCores: number
  cpuPhysicalCores: number
  cpuSpeedGHz: number | null
  /** CPU feature flags as the OS reports them (avx2, fma, …), space-separated. */
  cpuFlags: string
  ramMiB: number
}

export interface Inventory {
  scannedAt: number
  gpus: GpuInfo[]
  host: HostInfo
  /** Why no GPU is listed (no NVIDIA driver, nvidia-smi not found, …); null when GPUs were found. */
  noGpuReason: string | null
  tools: { nvidiaSmi: ToolState; rocmSmi: ToolState }
}

export interface SamplerStatus {
  state: 'running' | 'starting' | 'restarting' | 'unavailable' | 'stopped'
  detail: string | null
  restarts: number
  lastSampleAt: number | null
  intervalMs: number
}

export interface TelemetryLatest {
  samples: DeviceSample[]
  sampler: SamplerStatus
}

export type Resolution = 'raw' | '1m' | '1h'

export interface TelemetryQuery {
  device: string
  metric: MetricName
  from: number
  to: number
}

/** Column-wise, ready for a chart. Raw points have avg = min = max. */
export interface TelemetrySeries {
  device: string
  metric: MetricName
  resolution: Resolution
  t: number[]
  avg: (number | null)[]
  min: (number | null)[]
  max: (number | null)[]
}

export interface GpuProcess {
  gpu: string
  pid: number
  name: string
  usedMiB: number | null
}

export interface EnergyRow {
  device: string
  /** Start of the hour, ms since epoch. */
  hour: number
  joules: number
  /** Seconds of power readings the energy was integrated from. */
  seconds: number
}

export type BackendId = 'tensorflow-gpu' | 'tensorflow-cpu' | 'wasm' | 'cpu'

export interface BackendAttempt {
  id: BackendId
  ok: boolean
  reason: string | null
  fix: string | null
}

/** Which TensorFlow.js backend computes here, and why not a faster one. */
export interface BackendInfo {
  state: 'stopped' | 'starting' | 'ready' | 'restarting' | 'failed'
  detail: string | null
  chosen: BackendId | null
  attempts: BackendAttempt[]
  features: { simd: boolean | null; threads: boolean | null }
  restarts: number
  memory: { rssBytes: number; heapUsedBytes: number; tfTensors: number | null; tfBytes: number | null } | null
}

/** One benchmark run's measurements; every figure was checked against a CPU reference. */
export interface BenchResult {
  mode: 'quick' | 'full'
  matmul: { n: number; gflops: number; medianMs: number; maxRelError: number }[]
  bestMatmul: { n: number; gflops: number }
  bandwidth: { elements: number; gbps: number; medianMs: number }
  conv2d: { shape: string; gflops: number; medianMs: number; maxRelError: number }
  /** The shipped real model (MNIST): latency at batch 1, best throughput, and its accuracy on held-out digits. Null when its files are missing; absent in runs stored before it existed. */
  inference?: InferenceBench | null
  durationMs: number
}

export interface InferenceBench {
  model: string
  parameters: number
  batch1P50Ms: number
  batch1P95Ms: number
  bestBatch: number
  bestItemsPerSec: number
  /** items/s at each batch size tried */
  byBatch: { batch: number; itemsPerSec: number }[]
  /** Share of held-out test digits classified as their true label. */
  accuracy: number
  testItems: number
}

/** What a run's figures are a percentage of, and where that peak comes from. */
export interface BenchPeak {
  basis: 'gpu' | 'cpu'
  name: string | null
  fp32Gflops: number | null
  memGBps: number | null
  /** Datasheet cited, or the formula for a CPU. */
  source: string | null
  unknownReason: string | null
}

export interface BenchRun {
  id: string
  mode: 'quick' | 'full'
  status: 'running' | 'ok' | 'failed' | 'cancelled'
  startedAt: number
  finishedAt: number | null
  backend: BackendId | null
  /** Only for status ok: nothing that failed a check is stored as a result. */
  result: BenchResult | null
  error: string | null
  /** Only with a result. */
  peak: BenchPeak | null
  percentOfPeak: { matmul: number | null; bandwidth: number | null } | null
  /** Composite score (see docs/ARCHITECTURE.md), only with a result. */
  score: number | null
}

/** The performance model: job times predicted from the latest benchmark, corrected by jobs run. */
export interface PerfModelInfo {
  basedOnRun: string | null
  /** Median |predicted − measured| / measured over the jobs fed back; null before any. */
  medianAbsErrorPct: number | null
  observations: number
}

export interface BenchProgress {
  id: string
  done: number
  total: number
  label: string
}

export type ErrorCode =
  | 'E_BAD_INPUT'
  | 'E_BAD_JSON'
  | 'E_UNKNOWN_METHOD'
  | 'E_NOT_FOUND'
  | 'E_UNAUTHORIZED'
  | 'E_FORBIDDEN'
  | 'E_TOO_LARGE'
  | 'E_BUSY'
  | 'E_RATE_LIMITED'
  | 'E_DB_TOO_NEW'
  | 'E_DB_CORRUPT'
  | 'E_STORAGE'
  | 'E_INTERNAL'

export interface ErrorBody {
  code: ErrorCode
  message: string
  /** Dotted path of the offending field, when one is to blame. */
  field?: string
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorBody }

export interface Api {
  /** Version, shell, data directory and uptime of this node. */
  'app.info': () => Promise<AppInfo>
  /** The desktop app's update state (checked and downloaded in the background, installed on quit). */
  'app.update': () => Promise<UpdateStatus>
  /** The full, validated settings. */
  'settings.get': () => Promise<Settings>
  /** Replace some settings; returns the full, validated settings. Unknown keys are refused. */
  'settings.update': (patch: SettingsPatch) => Promise<Settings>
  /** Recent settings changes, newest first. */
  'settings.history': (query?: { limit?: number }) => Promise<SettingsChange[]>
  /** What the node is doing now. */
  'node.status': () => Promise<NodeStatus>
  /** Whether the owner finished or skipped the first-start setup (null: neither yet), kept by the node for every window and browser. */
  'node.onboarding': () => Promise<Onboarding>
  /** The owner finished (done) or skipped the first-start setup. */
  'node.setOnboarding': (choice: OnboardingChoice) => Promise<Onboarding>
  /** The owner's pause: until resumed, for some minutes, or until the next local midnight. */
  'node.pause': (options?: PauseOptions) => Promise<NodeStatus>
  'node.resume': () => Promise<NodeStatus>
  /** What pauses the node besides the owner's own list: launcher folders and well-known heavy apps. */
  'node.heavyApps': () => Promise<{ launcherFolders: string[]; knownApps: string[] }>
  /** Recent changes of the node's state (earning, waiting, paused) with their reasons, newest first. */
  'node.history': (query?: { limit?: number }) => Promise<PolicyChange[]>
  /** GPUs, CPU and RAM as last scanned, with why no GPU was found if so. */
  'gpu.list': () => Promise<Inventory>
  /** Scan the hardware again now. */
  'gpu.rescan': () => Promise<Inventory>
  /** Processes using NVIDIA GPUs, as last polled. */
  'gpu.processes': () => Promise<GpuProcess[]>
  /** The newest reading of every device and the sampler's health. */
  'telemetry.latest': () => Promise<TelemetryLatest>
  /** History of one metric of one device; the resolution follows the span asked for. */
  'telemetry.query': (query: TelemetryQuery) => Promise<TelemetrySeries>
  /** Energy per device per hour, integrated from measured power. */
  'telemetry.energy': (range: { from: number; to: number }) => Promise<EnergyRow[]>
  /** Start a benchmark (quick ≈ 5 s, full ≤ 60 s); progress and the end come as events. */
  'bench.run': (options?: { mode?: 'quick' | 'full' }) => Promise<BenchRun>
  'bench.cancel': (id: string) => Promise<BenchRun>
  /** Past runs, newest first. */
  'bench.history': (query?: { limit?: number }) => Promise<BenchRun[]>
  /** The TensorFlow.js backend in use and why faster ones were not. */
  'bench.backend': () => Promise<BackendInfo>
  /** The performance model and its measured prediction error. */
  'bench.model': () => Promise<PerfModelInfo>
  /** Queue a job bundle (see docs/PROTOCOL.md); refused with E_BAD_INPUT before any compute if malformed. */
  'jobs.submit': (bundle: unknown) => Promise<JobSummary>
  /** Jobs newest first, filtered. */
  'jobs.list': (query?: JobQuery) => Promise<JobSummary[]>
  'jobs.get': (id: string) => Promise<JobDetail>
  'jobs.cancel': (id: string) => Promise<JobSummary>
  /** Outputs of a finished job. */
  'jobs.result': (id: string) => Promise<JobResult>
  /** Ledger rows, newest first. */
  'ledger.entries': (query?: { limit?: number; beforeSeq?: number }) => Promise<LedgerEntry[]>
  /** Recompute the hash chain; names the first bad row. */
  'ledger.verify': () => Promise<LedgerVerification>
  /** Earnings per period, per job kind and per day, from the ledger. */
  'earnings.summary': () => Promise<EarningsSummary>
  /** Every ledger row as CSV. */
  'earnings.csv': () => Promise<string>
  /** SLA compliance per bound over the last `days` days, with breaches. */
  'sla.summary': (query?: { days?: number }) => Promise<SlaSummary>
  /** The node's public key (receipts are signed with its private half). */
  'identity.get': () => Promise<NodeIdentity>
  /** The market link: mode, state, counts since start. */
  'market.status': () => Promise<MarketStatus>
  /** Offers seen, newest first, with the node's decision and the outcome. */
  'market.offers': (query?: { limit?: number; decision?: 'bid' | 'skip' }) => Promise<MarketOffer[]>
  /** Why no jobs? Offers seen, skipped (by reason), bid, won, lost over the last `hours`, and a floor-price what-if. */
  'market.why': (query?: { hours?: number }) => Promise<WhyNoJobs>
  /** Expected demo-market earnings per day with the current benchmark and pricing (null before a benchmark); a prediction. */
  'market.estimate': () => Promise<EarningsEstimate | null>
  /** Market jobs the market has settled, newest first: outcome, reason (penalties explained) and total. */
  'market.settlements': (query?: { limit?: number }) => Promise<SettledMarketJob[]>
}

export interface Events {
  'settings.changed': (settings: Settings) => void
  'node.status': (status: NodeStatus) => void
  'telemetry.sample': (sample: DeviceSample) => void
  'telemetry.status': (status: SamplerStatus) => void
  'gpu.inventory': (inventory: Inventory) => void
  'bench.progress': (progress: BenchProgress) => void
  'bench.finished': (run: BenchRun) => void
  'bench.backend': (backend: BackendInfo) => void
  'jobs.changed': (job: JobSummary) => void
  'jobs.progress': (progress: { id: string; done: number; total: number }) => void
  'ledger.appended': (entries: LedgerEntry[]) => void
  'market.status': (status: MarketStatus) => void
  'update.status': (status: UpdateStatus) => void
}

export type Method = keyof Api
export type EventName = keyof Events
export type Result<M extends Method> = Awaited<ReturnType<Api[M]>>
export type EventPayload<E extends EventName> = Parameters<Events[E]>[0]

/**
 * What a shell hands the renderer: one function per method answering an envelope, and
 * event subscription returning an unsubscribe function. window.ingot (desktop) and the web
 * bridge (headless) both satisfy it.
 */
export type IngotTransport = {
  [M in Method]: (...args: Parameters<Api[M]>) => Promise<Envelope<Result<M>>>
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void
  /** Web only: the event stream (re)connected; events sent while it was down were missed. */
  onConnected?(listener: () => void): () => void
}
