// THE API between the core and every UI. Types only: both shells and the renderer derive from it.

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
}

export type SettingsPatch = Partial<Settings>

export interface SettingsChange {
  id: number
  at: number
  key: keyof Settings
  oldValue: unknown
  newValue: unknown
  source: string
}

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
}

export type NodeActivity = 'paused' | 'idle'

/** What the node is doing and why, in one line the user can read. */
export interface NodeStatus {
  activity: NodeActivity
  /** Set while the owner has paused the node. */
  pausedSince: number | null
  line: string
  marketConnected: boolean
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
  | 'E_DB_TOO_NEW'
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
  /** The full, validated settings. */
  'settings.get': () => Promise<Settings>
  /** Replace some settings; returns the full, validated settings. Unknown keys are refused. */
  'settings.update': (patch: SettingsPatch) => Promise<Settings>
  /** Recent settings changes, newest first. */
  'settings.history': (query?: { limit?: number }) => Promise<SettingsChange[]>
  /** What the node is doing now. */
  'node.status': () => Promise<NodeStatus>
  /** The owner takes the machine back: no new work starts. */
  'node.pause': () => Promise<NodeStatus>
  'node.resume': () => Promise<NodeStatus>
}

export interface Events {
  'settings.changed': (settings: Settings) => void
  'node.status': (status: NodeStatus) => void
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
}
