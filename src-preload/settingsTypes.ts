// Settings types of the contract (src-preload/contract.ts re-exports them).

export type Theme = 'system' | 'light' | 'dark'

/** Every user setting, always complete and validated by the core. */
export interface Settings {
  /** ISO 4217 code used to display money (demo credits are always labelled as such). */
  displayCurrency: string
  theme: Theme
  /** How often hardware telemetry is sampled, in milliseconds. */
  telemetryIntervalMs: number
  /** Start Ingot when the user logs in (desktop only). */
  startOnLogin: boolean
  /** Work only while the computer is idle. */
  idleOnly: boolean
  /** Minutes without input before the computer counts as idle. */
  idleMinutes: number
  /** Desktop app: serve Prometheus /metrics on 127.0.0.1 at this port; 0 = off. */
  prometheusPort: number
  /** Hours between scheduled quick benchmark checks; 0 = never (the full suite still runs after hardware or backend changes). */
  benchmarkEveryHours: number
  /** Which market the node joins: the embedded demo market, a coordinator at marketUrl, or none. */
  marketMode: MarketMode
  /** ws:// or wss:// address of a coordinator (marketMode 'coordinator'). */
  marketUrl: string
  /** Where this node is, for buyers' data-residency rules: 'any' or a code like 'eu', 'us-east'. */
  region: string
  /** The least this node accepts per GPU-hour, in micro-units (demo credits in the demo market). */
  floorMicroPerGpuHour: number
  /** Electricity price per kWh, in micro-units of the market's currency (off-peak, or the flat tariff). */
  tariffMicroPerKwh: number
  /** Price per kWh in peak hours; 0 = a flat tariff. */
  tariffPeakMicroPerKwh: number
  /** Which local hours are peak: 24 characters of 0/1, midnight first. */
  peakHours: string
  /** Margin over the electricity cost of a job, percent. */
  energyMarginPct: number
  /** fixed: bid the cost price; adaptive: raise the markup after wins, lower it after losses. */
  bidStrategy: BidStrategy
  /** When the node may work: 168 characters of 0/1, Monday 00:00 first, in the node's time zone. */
  schedule: string
  /** Pause when the hottest GPU reaches this; resume 5 °C below. */
  tempLimitC: number
  /** Pause while the GPUs draw more than this many watts; 0 = no cap. */
  powerCapW: number
  /** Seconds a game or other GPU program must have been closed before work resumes. */
  cooldownSec: number
  /** Programs (file names) that pause the node while they run, besides the built-in list. */
  extraApps: string[]
  /** Programs never to pause for, even when the built-in list or a GPU reading names them (a false alarm the owner dismissed). */
  ignoredApps: string[]
  /** GPUs (by key) the owner keeps for themselves: not offered, not computed on. */
  disabledGpus: string[]
  /** Share of each GPU's memory offered to the market, percent. */
  vramSharePct: number
  /** Desktop app: stable releases only, or betas too. */
  updateChannel: UpdateChannel
  /** Desktop notifications, per kind. */
  notifyJobPaid: boolean
  notifySlaBreach: boolean
  notifyHeat: boolean
  notifyUpdate: boolean
}

export type UpdateChannel = 'stable' | 'beta'

/** The desktop app's self-update, as electron-updater reports it; headless nodes say how they update. */
export interface UpdateStatus {
  state: 'disabled' | 'checking' | 'up-to-date' | 'available' | 'downloading' | 'ready' | 'error'
  /** The version on offer or downloaded. */
  version: string | null
  progressPct: number | null
  detail: string | null
  checkedAt: number | null
}

export type SettingsPatch = Partial<Settings>
export type MarketMode = 'embedded' | 'coordinator' | 'off'
export type BidStrategy = 'fixed' | 'adaptive'

export interface SettingsChange {
  id: number
  at: number
  key: keyof Settings
  oldValue: unknown
  newValue: unknown
  source: string
}
