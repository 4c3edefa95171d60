import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import type { EventName, IngotTransport } from './contract'
import { eventNames, ipcChannel, ipcEventChannel, methodNames } from './methods'

// One named function per contract method; the page can never pick an arbitrary channel.
const calls = Object.fromEntries(
  methodNames.map((m) => [m, (...args: unknown[]) => ipcRenderer.invoke(ipcChannel(m), ...args)])
)

const bridge = {
  ...calls,
  on(event: EventName, listener: (payload: unknown) => void) {
    if (!eventNames.includes(event)) throw new Error(`Unknown event: ${String(event)}`)
    const channel = ipcEventChannel(event)
    const wrapped = (_e: IpcRendererEvent, payload: unknown) => listener(payload)
    ipcRenderer.on(channel, wrapped)
    return () => {
      ipcRenderer.removeListener(channel, wrapped)
    }
  }
} as unknown as IngotTransport satisfies IngotTransport

contextBridge.exposeInMainWorld('ingot', bridge)
