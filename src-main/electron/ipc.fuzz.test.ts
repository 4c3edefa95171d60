// Fuzzing the IPC boundary: generated senders (the main window or not, top frame or iframe,
// detached, any URL) and generated arguments on every channel, through the real sender check and
// a real core. The ipcMain here is a stand-in (a Map of handlers): Electron cannot run on these machines.
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ipcChannel, methodNames } from '../../src-preload/methods'
import { FUZZ_RUNS, storeSoundness, watchUnhandled } from '../core/test/soundStore'
import { tempCore } from '../core/test/tempCore'
import { appEntryUrl } from './appProtocol'
import { registerIpc } from './ipc'
import { isTrustedSender } from './ipcSender'

let core: ReturnType<typeof tempCore>
beforeAll(async () => {
  core = tempCore()
  await core.start()
})
afterAll(() => core.stop())

const mainContents = { id: 1 } as never
const otherContents = { id: 2 } as never

const frameUrl = fc.oneof(fc.constant(appEntryUrl), fc.constantFrom('app://ingot/index.html#/jobs', 'app://evil/index.html', 'file:///index.html', 'https://evil.example/', 'about:blank', 'app://ingot/other.html', ''), fc.webUrl())
const event = fc.record({
  fromMain: fc.boolean(),
  frame: fc.option(fc.record({ url: frameUrl, top: fc.boolean(), detached: fc.boolean() }), { nil: null })
})
const arg = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constantFrom(undefined, null, { theme: 'dark' }, { limit: 5 }, '__proto__', 'x'.repeat(2000)))
// Channels that start hardware work (a benchmark, a rescan, an update check) are left to their own tests.
const channels = methodNames.filter((m) => m !== 'bench.run' && m !== 'gpu.rescan' && m !== 'app.update')

describe('IPC (generated senders and arguments)', () => {
  it(`${FUZZ_RUNS} generated calls: only the main window's top app frame reaches the core, every answer is an envelope`, async () => {
    const handlers = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>()
    registerIpc({ handle: (c: string, h: never) => void handlers.set(c, h), removeHandler: () => {} } as never, core, (e) => isTrustedSender(e, mainContents))
    const unhandled = watchUnhandled()
    let served = 0
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...channels), event, fc.array(arg, { maxLength: 3 }), async (method, e, args) => {
        const senderFrame = e.frame && { url: e.frame.url, detached: e.frame.detached, parent: e.frame.top ? null : {} }
        const r = (await handlers.get(ipcChannel(method))!({ sender: e.fromMain ? mainContents : otherContents, senderFrame }, ...args)) as { ok: boolean; error?: { code: string } }
        const trusted = e.fromMain && e.frame !== null && e.frame.top && !e.frame.detached && (e.frame.url === appEntryUrl || e.frame.url.startsWith(`${appEntryUrl}#`))
        if (!trusted) expect(r).toEqual({ ok: false, error: { code: 'E_FORBIDDEN', message: expect.any(String) } })
        else {
          served++
          expect(typeof r.ok).toBe('boolean')
          if (!r.ok) expect(['E_BAD_INPUT', 'E_NOT_FOUND', 'E_BUSY']).toContain(r.error!.code)
        }
      }),
      { numRuns: FUZZ_RUNS }
    )
    unhandled.stop()
    expect(unhandled.seen).toEqual([])
    expect(served).toBeGreaterThan(5)
    expect(await storeSoundness(core)).toMatchObject({ integrity: 'ok', ledger: { ok: true, value: { ok: true } } })
  }, 120_000)
})
