import type { IpcMain, IpcMainInvokeEvent } from 'electron'
import type { Envelope } from '../../src-preload/contract'
import { ipcChannel, ipcEventChannel, methodNames } from '../../src-preload/methods'
import type { Core } from '../core/app'

export type SenderCheck = (event: IpcMainInvokeEvent) => boolean

const forbidden: Envelope<never> = { ok: false, error: { code: 'E_FORBIDDEN', message: 'IPC from an unknown frame was refused.' } }

/** One handler per contract method; each call's sender is checked before the core sees it. */
export function registerIpc(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, core: Pick<Core, 'dispatch'>, trusted: SenderCheck): () => void {
  for (const method of methodNames) {
    ipcMain.handle(ipcChannel(method), (event, ...args: unknown[]) => (trusted(event) ? core.dispatch(method, args) : forbidden))
  }
  return () => methodNames.forEach((m) => ipcMain.removeHandler(ipcChannel(m)))
}

/** Pushes every core event to the window, while it exists. */
export function forwardEvents(core: Pick<Core, 'events'>, send: (channel: string, payload: unknown) => void): () => void {
  return core.events.onAny((event, payload) => send(ipcEventChannel(event), payload))
}
