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
  async save(patch) {
    set({ saving: true, fieldErrors: {}, formError: null })
    try {
      const settings = await ingot.call('settings.update', patch)
      const history = await ingot.call('settings.history', { limit: 20 })
      set({ settings, history, savedAt: Date.now() })
      return true
    } catch (err) {
      if (err instanceof BridgeError && err.field) set({ fieldErrors: { [err.field]: besideField(err.message, err.field) } })
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

/** Next to its field the name is redundant: "idleMinutes: must be at least 1 minute" → "Must be at least 1 minute". */
function besideField(message: string, field: string): string {
  const text = message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message
  return text.charAt(0).toUpperCase() + text.slice(1)
}

// Pushes missed while the event stream was down (or not yet open) are recovered by reloading.
ingot.onConnected(() => void useSettingsStore.getState().load())
