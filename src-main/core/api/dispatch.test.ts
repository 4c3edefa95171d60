import { afterEach, describe, expect, it } from 'vitest'
import { eventNames, methodNames } from '../../../src-preload/methods'
import { manualClock, tempCore, tempDir } from '../test/tempCore'
import { argSchemas } from './argSchemas'

const cores: { stop(): Promise<void> }[] = []
afterEach(async () => {
  for (const c of cores.splice(0)) await c.stop()
})
const core = (clock = manualClock()) => {
  const c = tempCore({ clock })
  cores.push(c)
  return c
}

describe('contract wiring', () => {
  it('has a handler and an argument schema for every contract method, and nothing else', () => {
    const c = core()
    expect(Object.keys(c.api).sort()).toEqual([...methodNames].sort())
    expect(Object.keys(argSchemas).sort()).toEqual([...methodNames].sort())
    expect(eventNames).toEqual(['settings.changed', 'node.status', 'telemetry.sample', 'telemetry.status', 'gpu.inventory', 'bench.progress', 'bench.finished', 'bench.backend', 'jobs.changed', 'jobs.progress', 'ledger.appended', 'market.status', 'update.status'])
  })

  it('answers every method with an envelope when called with no arguments', async () => {
    const c = core()
    for (const m of methodNames) {
      const r = await c.dispatch(m, [])
      // These need an argument; every other method accepts none.
      expect(r.ok, m).toBe(!['settings.update', 'node.setOnboarding', 'telemetry.query', 'telemetry.energy', 'bench.cancel', 'jobs.submit', 'jobs.get', 'jobs.cancel', 'jobs.result'].includes(m))
    }
  })

  it('reports app.info from the running core', async () => {
    const clock = manualClock()
    const c = core(clock)
    clock.advance(90_000)
    const r = await c.dispatch('app.info', [])
    expect(r).toMatchObject({ ok: true, value: { name: 'Ingot', shell: 'headless', dataDir: c.dir, uptimeMs: 90_000, schemaVersion: 7 } })
  })
})

describe('dispatch refuses bad calls with a code and keeps serving', () => {
  it.each([
    ['nope', [], 'E_UNKNOWN_METHOD'],
    ['__proto__', [], 'E_UNKNOWN_METHOD'],
    ['toString', [], 'E_UNKNOWN_METHOD'],
    ['settings.get', {}, 'E_BAD_INPUT'],
    ['settings.get', 'x', 'E_BAD_INPUT'],
    ['settings.get', [1], 'E_BAD_INPUT'],
    ['settings.update', [null], 'E_BAD_INPUT'],
    ['settings.update', [[]], 'E_BAD_INPUT'],
    ['settings.history', [{ limit: 0 }], 'E_BAD_INPUT'],
    ['settings.history', [{ limit: 10, extra: 1 }], 'E_BAD_INPUT']
  ])('%s %j → %s', async (method, args, code) => {
    const c = core()
    const r = await c.dispatch(method, args)
    expect(r).toMatchObject({ ok: false, error: { code } })
    expect(await c.dispatch('settings.get', [])).toMatchObject({ ok: true })
  })

  it.each([
    ['settings.update', [], 'settings.update needs 1 argument(s); 0 given.'],
    ['settings.get', [1, 2], 'settings.get takes at most 0 argument(s); 2 given.'],
    ['settings.history', [{ limit: 1.5 }], 'limit: must be a whole number'],
    ['settings.history', [{ limit: 'ten' }], 'limit: must be a number']
  ])('explains %s %j in words', async (method, args, message) => {
    expect(await core().dispatch(method, args)).toMatchObject({ ok: false, error: { code: 'E_BAD_INPUT', message } })
  })

  it('names the field of a nested argument', async () => {
    const r = await core().dispatch('settings.history', [{ limit: 'ten' }])
    expect(r).toMatchObject({ ok: false, error: { code: 'E_BAD_INPUT', field: 'limit' } })
  })
})

describe('while the disk is in trouble', () => {
  it('refuses calls that add to the store with 507 E_STORAGE, changes nothing, and keeps reads and pause working', async () => {
    const c = core()
    await c.start()
    // The error a write meets on a full disk, as Node reports it (the storage health's own tests fill real ones).
    expect(c.storageFault(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }))).toBe(true)
    const before = await c.dispatch('settings.get', [])
    for (const [method, args] of [['settings.update', [{ theme: 'dark' }]], ['bench.run', [{ mode: 'quick' }]], ['jobs.submit', [{}]]] as const) {
      expect(await c.dispatch(method, args)).toMatchObject({ ok: false, error: { code: 'E_STORAGE', message: expect.stringMatching(/^Nothing was changed: the disk holding Ingot’s data is full/) } })
    }
    expect(await c.dispatch('settings.get', [])).toEqual(before)
    expect(await c.dispatch('bench.history', [])).toMatchObject({ ok: true, value: [] })
    // Rows updated in place, and what the owner needs to get out of the trouble, still go through.
    expect(await c.dispatch('node.setOnboarding', ['done'])).toMatchObject({ ok: true })
    expect(await c.dispatch('node.pause', [])).toMatchObject({ ok: true })
    expect(await c.dispatch('node.resume', [])).toMatchObject({ ok: true })
  })
})

describe('first-start setup answer', () => {
  it('is kept by the node across restarts; anything but done or skipped is refused', async () => {
    const clock = manualClock()
    const d = tempDir()
    const c = tempCore({ dir: d.dir, clock })
    cores.push(c)
    expect(await c.api['node.onboarding']()).toEqual({ choice: null, at: null })
    expect(await c.dispatch('node.setOnboarding', ['later'])).toMatchObject({ ok: false, error: { code: 'E_BAD_INPUT' } })
    expect(await c.dispatch('node.setOnboarding', [])).toMatchObject({ ok: false, error: { code: 'E_BAD_INPUT' } })
    expect(await c.api['node.setOnboarding']('skipped')).toEqual({ choice: 'skipped', at: clock.now() })
    await c.stop()
    cores.pop()
    const again = tempCore({ dir: d.dir, clock })
    expect(await again.api['node.onboarding']()).toEqual({ choice: 'skipped', at: clock.now() })
    clock.advance(1000)
    expect(await again.api['node.setOnboarding']('done')).toEqual({ choice: 'done', at: clock.now() })
    await again.stop()
    d.remove()
  })
})

describe('node pause flag', () => {
  it('pauses and resumes, emits node.status, and persists across restarts', async () => {
    const clock = manualClock()
    const d = tempDir()
    const c = tempCore({ dir: d.dir, clock })
    cores.push(c)
    const seen: string[] = []
    c.events.on('node.status', (s) => seen.push(s.activity))
    expect(await c.api['node.status']()).toMatchObject({ activity: 'waiting', reason: 'no-market', pausedSince: null })
    expect(await c.api['node.pause']()).toMatchObject({ activity: 'paused', pausedSince: clock.now() })
    await c.api['node.pause']() // no change, no event
    expect(seen).toEqual(['paused'])
    await c.stop()
    cores.pop()

    const again = tempCore({ dir: d.dir, clock })
    expect(await again.api['node.status']()).toMatchObject({ activity: 'paused', line: expect.stringMatching(/Paused by you/) })
    expect(await again.api['node.resume']()).toMatchObject({ activity: 'waiting' })
    await again.stop()
    d.remove()
  })
})
