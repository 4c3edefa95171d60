import { create } from 'zustand'
import type { NodeStatus, PolicyChange, SettingsChange } from '../../src-preload/contract'
import { ingot } from '../bridge'

/** How many entries of each log the Logs page shows. */
export const LOG_LIMIT = 100

interface LogsStore {
  /** Why the node worked or paused, newest first. */
  policy: PolicyChange[]
  /** Settings changes, newest first. */
  settings: SettingsChange[]
  /** Both logs have been loaded at least once (the Logs page was opened). */
  loaded: boolean
  error: string | null
  loadPolicy(): Promise<void>
  loadSettings(): Promise<void>
}

let policyRequest = 0
let settingsRequest = 0

/** The node's two audit logs, from the core's policy_log and settings_audit. */
export const useLogsStore = create<LogsStore>((set) => ({
  policy: [],
  settings: [],
  loaded: false,
  error: null,
  async loadPolicy() {
    const mine = ++policyRequest
    try {
      const policy = await ingot.call('node.history', { limit: LOG_LIMIT })
      if (mine === policyRequest) set({ policy, error: null })
    } catch (err) {
      if (mine === policyRequest) set({ error: (err as Error).message })
    }
  },
  async loadSettings() {
    const mine = ++settingsRequest
    try {
      const settings = await ingot.call('settings.history', { limit: LOG_LIMIT })
      if (mine === settingsRequest) set({ settings, error: null })
    } catch (err) {
      if (mine === settingsRequest) set({ error: (err as Error).message })
    }
  }
}))

let watchers = 0

const loadAll = async (): Promise<void> => {
  const store = useLogsStore.getState()
  await Promise.all([store.loadPolicy(), store.loadSettings()])
  useLogsStore.setState({ loaded: true })
}

/** Keeps both logs current while a page shows them; returns the function that stops it. */
export function watchLogs(): () => void {
  watchers++
  void loadAll()
  return () => {
    watchers--
  }
}

// The core pushes node.status every second while a countdown runs; only a new state or reason is a new log row.
let lastState: string | null = null
const stateOf = (s: NodeStatus) => `${s.activity}/${s.reason}`

ingot.on('node.status', (status) => {
  const state = stateOf(status)
  if (state === lastState) return
  lastState = state
  if (watchers > 0) void useLogsStore.getState().loadPolicy()
})
ingot.on('settings.changed', () => {
  if (watchers > 0) void useLogsStore.getState().loadSettings()
})

// Pushes missed while the event stream was down (or not yet open) are recovered by reloading.
ingot.onConnected(() => {
  if (watchers > 0) void loadAll()
})
