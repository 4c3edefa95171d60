// The IPC registration with a stand-in for Electron's ipcMain (a Map of handlers) and a real core.
import { afterEach, describe, expect, it } from 'vitest'
import { ipcChannel, ipcEventChannel, methodNames } from '../../src-preload/methods'
import { tempCore } from '../core/test/tempCore'
import { forwardEvents, registerIpc } from './ipc'

const cores: { stop(): Promise<void> }[] = []
afterEach(async () => {
  for (const c of cores.splice(0)) await c.stop()
})

function fakeIpcMain() {
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>()
  return {
    handlers,
    handle: (channel: string, h: (event: unknown, ...args: unknown[]) => unknown) => void handlers.set(channel, h),
    removeHandler: (channel: string) => void handlers.delete(channel)
  }
}

describe('IPC', () => {
  it('registers exactly one channel per contract method and no catch-all', () => {
    const core = tempCore()
    cores.push(core)
    const ipc = fakeIpcMain()
    const unregister = registerIpc(ipc as never, core, () => true)
    expect([...ipc.handlers.keys()].sort()).toEqual(methodNames.map(ipcChannel).sort())
    unregister()
    expect(ipc.handlers.size).toBe(0)
  })

  it('passes trusted calls to the core with validation, and refuses untrusted senders', async () => {
    const core = tempCore()
    cores.push(core)
    const ipc = fakeIpcMain()
    const trusted = { sender: 'main window' }
    registerIpc(ipc as never, core, (e) => e === (trusted as never))
    const update = ipc.handlers.get(ipcChannel('settings.update'))!
    expect(await update(trusted, { theme: 'dark' })).toMatchObject({ ok: true, value: { theme: 'dark' } })
    expect(await update(trusted, { theme: 'neon' })).toMatchObject({ ok: false, error: { code: 'E_BAD_INPUT', field: 'theme' } })
    expect(await update({ sender: 'other frame' }, { theme: 'light' })).toMatchObject({ ok: false, error: { code: 'E_FORBIDDEN' } })
    expect((await core.api['settings.get']()).theme).toBe('dark')
  })

  it('forwards core events on their own channels', async () => {
    const core = tempCore()
    cores.push(core)
    const sent: [string, unknown][] = []
    const stop = forwardEvents(core, (channel, payload) => sent.push([channel, payload]))
    await core.api['node.pause']()
    stop()
    await core.api['node.resume']()
    expect(sent).toEqual([[ipcEventChannel('node.status'), expect.objectContaining({ activity: 'paused' })]])
  })
})
