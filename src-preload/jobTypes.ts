// Jobs, receipts, the ledger, earnings and SLA: the types of the contract's job methods (types only).

export type JobKind = 'inference' | 'matmul' | 'train'
export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled'
export type JobSource = 'local' | 'market'

/** Agreed pay: integer micro-units (1 unit = 1,000,000) of `currency`; DEMO is demo credits. */
export interface JobPrice {
  currency: string
  unit: 'per1kItems' | 'perGpuSecond'
  microUnits: number
}

/** The buyer's bounds; null = not asked for. `deadline` is ms since epoch. */
export interface JobSla {
  maxLatencyMsP95: number | null
  minThroughputPerSec: number | null
  minAccuracy: number | null
  deadline: number
}

export interface JobError {
  code: string
  message: string
}

export interface JobSummary {
  id: string
  kind: JobKind
  source: JobSource
  state: JobState
  submittedAt: number
  startedAt: number | null
  endedAt: number | null
  /** Real items (canaries not counted). */
  items: number
  progress: { done: number; total: number }
  /** SLA verdict once finished: all bounds met. */
  met: boolean | null
  /** What the job earned after penalties, in micro-units of `currency`. */
  payMicro: number | null
  /** When the buyer settled it (local jobs: at once); null while a market job's pay is the node's estimate. */
  settledAt: number | null
  currency: string
  deadline: number
  /** Crashes or shutdowns that cut this job short (requeued; released after 3). */
  interruptions: number
  error: JobError | null
}

/** Measured by the node while the job ran. Latency is per batch (train: per step). */
export interface JobMetrics {
  items: number
  batches: number
  latencyMsP50: number
  latencyMsP95: number
  latencyMsMax: number
  throughputPerSec: number
  /** Share of canaries within tolerance of their expected output (null without canaries). */
  canaryAccuracy: number | null
  canaries: number
  startDelayMs: number
  /** Wall time from start to end, and the part spent computing in the runner. */
  durationMs: number
  computeMs: number
  /** train: loss after each step (null where it was not a finite number: the training diverged). */
  lossCurve: (number | null)[] | null
}

export type SlaBound = 'latencyP95' | 'throughput' | 'accuracy' | 'deadline'

export interface BoundVerdict {
  bound: SlaBound
  limit: number
  measured: number | null
  met: boolean
  reason: string
}

export interface JobVerdict {
  met: boolean
  bounds: BoundVerdict[]
}

/** What the node signs for each finished job. */
export interface Receipt {
  v: 1
  jobId: string
  bundleDigest: string
  outputDigest: string
  metrics: JobMetrics
  verdict: JobVerdict
  backend: string
  gpuUuid: string | null
  startedAt: number
  endedAt: number
  nodeKeyId: string
}

export interface SignedReceipt {
  receipt: Receipt
  /** Ed25519 over the receipt's canonical JSON, base64. */
  signature: string
  /** The node's public key, SPKI PEM. */
  publicKey: string
}

export type LedgerKind = 'earning' | 'penalty' | 'fee' | 'payout' | 'adjustment'

export interface LedgerEntry {
  seq: number
  id: string
  at: number
  kind: LedgerKind
  jobId: string | null
  /** Signed: earnings positive, penalties, fees and payouts negative. */
  amountMicro: number
  currency: string
  memo: string
  prevHash: string
  hash: string
}

export interface JobDetail extends JobSummary {
  sla: JobSla
  price: JobPrice
  region: string | null
  batchSize: number
  metrics: JobMetrics | null
  verdict: JobVerdict | null
  receipt: SignedReceipt | null
  /** The receipt's signature checked again now, against the node's key. */
  receiptValid: boolean | null
  bundleDigest: string
  outputDigest: string | null
  backend: string | null
  gpuUuid: string | null
  settledAt: number | null
  /** Market jobs: how the market settled it (the node's own verdict cannot see the market's hidden canaries). */
  settlement: MarketSettlement | null
  /** GPU energy measured while the job ran (joules) and its cost at the tariff then; null where nothing measures power. */
  energyJ: number | null
  energyCostMicro: number | null
  ledger: LedgerEntry[]
}

export interface JobResult {
  id: string
  /** Output per real item (canaries removed), in input order. */
  shape: number[]
  outputs: number[]
  digest: string
  lossCurve: (number | null)[] | null
}

export interface JobQuery {
  state?: JobState
  kind?: JobKind
  met?: boolean
  from?: number
  to?: number
  limit?: number
}

export interface LedgerVerification {
  ok: boolean
  rows: number
  /** The first row whose hash or link does not check, and why. */
  firstBad: { seq: number; reason: string } | null
  headHash: string | null
}

export interface MoneyTotals {
  currency: string
  earnedMicro: number
  penaltyMicro: number
  feeMicro: number
  netMicro: number
  /** Net of jobs the buyer has not settled yet, and of those settled. */
  pendingMicro: number
  settledMicro: number
  jobs: number
  /** Electricity the GPUs drew during these jobs, at the tariff of the time (measured jobs only). */
  energyMicro: number
  /** Jobs whose energy was measured (0: nothing measures GPU power here, so energyMicro says nothing). */
  energyJobs: number
  /** net − energy. */
  netAfterEnergyMicro: number
}

export type EarningsPeriod = 'today' | '7d' | '30d' | 'all'

export interface EarningsSummary {
  now: number
  periods: { period: EarningsPeriod; from: number | null; totals: MoneyTotals[] }[]
  byKind: { kind: JobKind; totals: MoneyTotals[] }[]
  /** Net after measured electricity per local day over the last 30 days (day = local midnight, ms). */
  daily: { day: number; currency: string; netMicro: number }[]
  /** The last 30 days as the node counts them (its local midnights, oldest first): the charts' axis. */
  days: number[]
  /** The node's IANA time zone, in which those days are named. */
  timeZone: string
}

export interface SlaSummary {
  days: number
  jobs: number
  metJobs: number
  /** Finished jobs that met every bound, in %; null without jobs. */
  compliancePct: number | null
  perBound: { bound: SlaBound; checked: number; met: number; pct: number | null }[]
  daily: { day: number; bound: SlaBound; checked: number; met: number }[]
  /** Every day of the period as the node counts them (its local midnights, oldest first). */
  dayStarts: number[]
  /** The node's IANA time zone, in which those days are named. */
  timeZone: string
  breaches: { jobId: string; at: number; bound: SlaBound; limit: number; measured: number | null; reason: string }[]
}

export interface NodeIdentity {
  keyId: string
  publicKey: string
  /** Where the private key is kept. */
  protection: 'os-keychain' | 'file-0600'
  createdAt: number
}

/** The market's settlement of a market job, as the node stores it. */
export interface MarketSettlement {
  outcome: 'full' | 'penalised' | 'zero'
  reason: string
  totalMicro: number
}
