import { create } from 'zustand'
import type { Settings, SettingsChange, SettingsPatch } from '../../src-preload/contract'
import { BridgeError, ingot } from '../bridge'

interface SettingsStore {
  settings: Settings | null
  history: SettingsChange[]
  saving: boolean
  /** The core's message for the field it refused, keyed by field name. */
  fieldErrors: Partial<Record<keyof Settings, string>>
  formError: string | null
  savedAt: number | null
  load(): Promise<void>
  save(patch: SettingsPatch): Promise<boolean>
  /** The user discarded the edits the core complained about. */
  clearErrors(): void
}

export const useSettingsStore = create<SettingsStore>((set) => ({
  settings: null,
  history: [],
  saving: false,
  fieldErrors: {},
  formError: null,
  savedAt: null,
  async load() {
    try {
      const [settings, history] = await Promise.all([ingot.call('settings.get'), ingot.call('settings.history', { limit: 20 })])
      set({ settings, history })
    } catch (err) {
      set({ formError: (err as Error).message })
    }
  },
  clearErrors: () => set({ fieldErrors: {}, formError: null }),
  async save(patch) {
    set({ saving: true, fieldErrors: {}, formError: null })
    try {
      const settings = await ingot.call('settings.update', patch)
      const history = await ingot.call('settings.history', { limit: 20 })
      set({ settings, history, savedAt: Date.now() })
      return true
    } catch (err) {
      if (err instanceof BridgeError && err.field) set({ fieldErrors: fieldError(err.field, err.message, patch) })
      else set({ formError: (err as Error).message })
      return false
    } finally {
      set({ saving: false })
    }
  }
}))

ingot.on('settings.changed', (settings) => {
  useSettingsStore.setState({ settings })
  ingot.call('settings.history', { limit: 20 }).then(
    (history) => useSettingsStore.setState({ history }),
    () => {}
  )
})

/**
 * The core's complaint, keyed by the setting it is about. An item of a list ("extraApps.1") is shown
 * next to the list, named: "a/b": may hold letters…
 */
function fieldError(field: string, message: string, patch: SettingsPatch): SettingsStore['fieldErrors'] {
  const [key = field, ...rest] = field.split('.')
  const text = besideField(message, field)
  if (rest.length === 0) return { [key]: text }
  const value = patch[key as keyof Settings]
  const item = Array.isArray(value) ? (value as unknown[])[Number(rest[0])] : undefined
  return { [key]: typeof item === 'string' ? `“${item}”: ${text.charAt(0).toLowerCase()}${text.slice(1)}` : text }
}

/** Next to its field the name is redundant: "idleMinutes: must be at least 1 minute" → "Must be at least 1 minute". */
function besideField(message: string, field: string): string {
  const text = message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message
  return text.charAt(0).toUpperCase() + text.slice(1)
}

// Pushes missed while the event stream was down (or not yet open) are recovered by reloading.
ingot.onConnected(() => void useSettingsStore.getState().load())
