import { create } from 'zustand'
import type { AppInfo, NodeStatus } from '../../src-preload/contract'
import { BridgeError, ingot } from '../bridge'

type Connection = 'connecting' | 'ready' | 'unauthorized' | 'unreachable'

interface NodeStore {
  connection: Connection
  error: string | null
  info: AppInfo | null
  status: NodeStatus | null
  busy: boolean
  load(): Promise<void>
  setPaused(paused: boolean): Promise<void>
  /** The owner says the program behind a pause is not a game: it never pauses the node again (Settings lists it). */
  dismiss(program: string): Promise<void>
}

/** Who this node is and what it is doing; kept current by node.status events. */
/** Bumped by every pushed status: a load answered later must not undo it. */
let pushes = 0

export const useNodeStore = create<NodeStore>((set, get) => ({
  connection: 'connecting',
  error: null,
  info: null,
  status: null,
  busy: false,
  async load() {
    try {
      const before = pushes
      const [info, status] = await Promise.all([ingot.call('app.info'), ingot.call('node.status')])
      set({ info, status: pushes === before ? status : (get().status ?? status), connection: 'ready', error: null })
    } catch (err) {
      const unauthorized = err instanceof BridgeError && err.code === 'E_UNAUTHORIZED'
      set({ connection: unauthorized ? 'unauthorized' : 'unreachable', error: (err as Error).message })
    }
  },
  async dismiss(program) {
    set({ busy: true })
    try {
      const { ignoredApps } = await ingot.call('settings.get')
      if (!ignoredApps.includes(program)) await ingot.call('settings.update', { ignoredApps: [...ignoredApps, program] })
      set({ error: null })
    } catch (err) {
      set({ error: (err as Error).message })
    } finally {
      set({ busy: false })
    }
  },
  async setPaused(paused) {
    set({ busy: true })
    try {
      const status = await ingot.call(paused ? 'node.pause' : 'node.resume')
      set({ status, error: null })
    } catch (err) {
      set({ error: (err as Error).message })
    } finally {
      set({ busy: false })
    }
  }
}))

ingot.on('node.status', (status) => {
  pushes++
  useNodeStore.setState({ status })
})

// Pushes missed while the event stream was down (or not yet open) are recovered by reloading.
ingot.onConnected(() => void useNodeStore.getState().load())
