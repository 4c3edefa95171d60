import { create } from 'zustand'
import type { BackendInfo, BenchProgress, BenchRun, PerfModelInfo } from '../../src-preload/contract'
import { ingot } from '../bridge'

interface BenchStore {
  backend: BackendInfo | null
  model: PerfModelInfo | null
  history: BenchRun[]
  progress: BenchProgress | null
  running: string | null
  error: string | null
  load(): Promise<void>
  run(mode: 'quick' | 'full'): Promise<void>
  cancel(): Promise<void>
}

export const useBenchStore = create<BenchStore>((set, get) => ({
  backend: null,
  model: null,
  history: [],
  progress: null,
  running: null,
  error: null,
  async load() {
    try {
      const [backend, history, model] = await Promise.all([ingot.call('bench.backend'), ingot.call('bench.history', { limit: 20 }), ingot.call('bench.model')])
      const running = history.find((r) => r.status === 'running')?.id ?? null
      set({ backend, history, model, running, error: null })
    } catch (err) {
      set({ error: (err as Error).message })
    }
  },
  async run(mode) {
    try {
      const run = await ingot.call('bench.run', { mode })
      set({ running: run.id, progress: { id: run.id, done: 0, total: 1, label: 'Starting' }, error: null, history: [run, ...get().history] })
    } catch (err) {
      set({ error: (err as Error).message })
    }
  },
  async cancel() {
    const id = get().running
    if (id) await ingot.call('bench.cancel', id).catch((err: Error) => set({ error: err.message }))
  }
}))

ingot.on('bench.progress', (progress) => useBenchStore.setState({ progress, running: progress.id }))
ingot.on('bench.backend', (backend) => useBenchStore.setState({ backend }))
ingot.on('bench.finished', (run) => {
  const { history } = useBenchStore.getState()
  useBenchStore.setState({ running: null, progress: null, history: [run, ...history.filter((r) => r.id !== run.id)] })
  ingot.call('bench.model').then(
    (model) => useBenchStore.setState({ model }),
    () => {}
  )
})

// Pushes missed while the event stream was down (or not yet open) are recovered by reloading.
ingot.onConnected(() => void useBenchStore.getState().load())
