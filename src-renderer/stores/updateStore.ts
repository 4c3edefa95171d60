import { create } from 'zustand'
import type { UpdateStatus } from '../../src-preload/contract'
import { ingot } from '../bridge'

interface UpdateStore {
  status: UpdateStatus | null
  error: string | null
  load(): Promise<void>
}

/** Bumped by every pushed status: a load answered later must not undo it. */
let pushes = 0

/** The app's self-update as the core reports it; kept current by update.status events. */
export const useUpdateStore = create<UpdateStore>((set) => ({
  status: null,
  error: null,
  async load() {
    try {
      const before = pushes
      const status = await ingot.call('app.update')
      if (pushes === before) set({ status, error: null })
    } catch (err) {
      set({ error: (err as Error).message })
    }
  }
}))

ingot.on('update.status', (status) => {
  pushes++
  useUpdateStore.setState({ status, error: null })
})

// Pushes missed while the event stream was down (or not yet open) are recovered by reloading.
ingot.onConnected(() => void useUpdateStore.getState().load())
