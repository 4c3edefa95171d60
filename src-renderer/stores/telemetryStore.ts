import { create } from 'zustand'
import type { DeviceSample, GpuProcess, Inventory, SamplerStatus } from '../../src-preload/contract'
import { ingot } from '../bridge'

/** How much live history the page keeps for the live chart (samples as they arrive). */
export const LIVE_WINDOW_MS = 5 * 60_000

interface TelemetryStore {
  inventory: Inventory | null
  latest: Record<string, DeviceSample>
  /** Recent samples per device, oldest first, for live charts. */
  recent: Record<string, DeviceSample[]>
  sampler: SamplerStatus | null
  processes: GpuProcess[]
  scanning: boolean
  error: string | null
  load(): Promise<void>
  rescan(): Promise<void>
  loadProcesses(): Promise<void>
}

/** Bumped by every pushed status or inventory: a load answered later must not undo a newer push. */
let pushes = 0

export const useTelemetryStore = create<TelemetryStore>((set, get) => ({
  inventory: null,
  latest: {},
  recent: {},
  sampler: null,
  processes: [],
  scanning: false,
  error: null,
  async load() {
    try {
      const before = pushes
      const [inventory, latest] = await Promise.all([ingot.call('gpu.list'), ingot.call('telemetry.latest')])
      const byDevice = Object.fromEntries(latest.samples.map((s) => [s.device, s]))
      set({ latest: { ...byDevice, ...get().latest }, error: null })
      if (pushes === before) set({ inventory, sampler: latest.sampler })
      else set({ inventory: get().inventory ?? inventory, sampler: get().sampler ?? latest.sampler })
    } catch (err) {
      set({ error: (err as Error).message })
    }
  },
  async rescan() {
    set({ scanning: true })
    try {
      set({ inventory: await ingot.call('gpu.rescan'), error: null })
    } catch (err) {
      set({ error: (err as Error).message })
    } finally {
      set({ scanning: false })
    }
  },
  async loadProcesses() {
    try {
      set({ processes: await ingot.call('gpu.processes') })
    } catch (err) {
      set({ error: (err as Error).message })
    }
  }
}))

ingot.on('telemetry.sample', (sample) => {
  const { latest, recent } = useTelemetryStore.getState()
  const kept = (recent[sample.device] ?? []).filter((s) => s.ts > sample.ts - LIVE_WINDOW_MS)
  kept.push(sample)
  useTelemetryStore.setState({ latest: { ...latest, [sample.device]: sample }, recent: { ...recent, [sample.device]: kept } })
})
ingot.on('telemetry.status', (sampler) => {
  pushes++
  useTelemetryStore.setState({ sampler })
})
ingot.on('gpu.inventory', (inventory) => {
  pushes++
  useTelemetryStore.setState({ inventory })
})

// Pushes missed while the event stream was down (or not yet open) are recovered by reloading.
ingot.onConnected(() => void useTelemetryStore.getState().load())
