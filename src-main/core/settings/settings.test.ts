import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { databaseFile } from '../db/open'
import { manualClock, tempCore, tempDir } from '../test/tempCore'
import { defaultSettings } from './schema'

const cleanup: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c()
})
function core(dir?: string, clock = manualClock()) {
  const c = tempCore({ dir, clock })
  cleanup.push(() => c.stop())
  return c
}

describe('settings', () => {
  it('starts from documented defaults', async () => {
    const c = core()
    expect(await c.api['settings.get']()).toEqual(defaultSettings())
    expect(defaultSettings()).toMatchObject({ displayCurrency: 'USD', theme: 'system', telemetryIntervalMs: 1000, startOnLogin: false, idleOnly: true })
  })

  it('applies a valid patch, persists it across a restart, and audits it', async () => {
    const d = tempDir()
    cleanup.push(d.remove)
    const clock = manualClock()
    const first = tempCore({ dir: d.dir, clock })
    const result = await first.dispatch('settings.update', [{ theme: 'dark', telemetryIntervalMs: 2000 }])
    expect(result).toEqual({ ok: true, value: { ...defaultSettings(), theme: 'dark', telemetryIntervalMs: 2000 } })
    await first.stop()

    const second = core(d.dir, clock)
    expect(await second.api['settings.get']()).toMatchObject({ theme: 'dark', telemetryIntervalMs: 2000 })
    const history = await second.api['settings.history']()
    expect(history.map((h) => [h.key, h.oldValue, h.newValue, h.source]).sort()).toEqual([
      ['telemetryIntervalMs', 1000, 2000, 'user'],
      ['theme', 'system', 'dark', 'user']
    ])
    expect(history.every((h) => h.at === clock.now())).toBe(true)
  })

  it.each([
    [{ telemetryIntervalMs: 100 }, 'telemetryIntervalMs', /at least 250 ms/],
    [{ telemetryIntervalMs: 1.5 }, 'telemetryIntervalMs', /whole number/],
    [{ telemetryIntervalMs: '1000' }, 'telemetryIntervalMs', /number of milliseconds/],
    [{ theme: 'purple' }, 'theme', /one of system, light, dark/],
    [{ displayCurrency: 'dollars' }, 'displayCurrency', /three-letter currency code/],
    [{ idleOnly: 'yes' }, 'idleOnly', /true or false/],
    [{ idleMinutes: 0 }, 'idleMinutes', /at least 1 minute/],
    [{ prometheusPort: 80 }, 'prometheusPort', /0 \(off\) or a port from 1024/],
    [{ colour: 'red' }, 'colour', /unknown setting/]
  ])('refuses %j naming the field, and writes nothing', async (patch, field, message) => {
    const c = core()
    const result = await c.dispatch('settings.update', [patch])
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.code).toBe('E_BAD_INPUT')
    expect(result.error.field).toBe(field)
    expect(result.error.message).toMatch(new RegExp(`^${field}: `))
    expect(result.error.message).toMatch(message)
    expect(await c.api['settings.get']()).toEqual(defaultSettings())
    expect(await c.api['settings.history']()).toEqual([])
  })

  it('does not audit a patch that changes nothing, and emits settings.changed only on change', async () => {
    const c = core()
    const seen: unknown[] = []
    c.events.on('settings.changed', (s) => seen.push(s))
    await c.dispatch('settings.update', [{ theme: 'system' }])
    expect(await c.api['settings.history']()).toEqual([])
    expect(seen).toEqual([])
    await c.dispatch('settings.update', [{ theme: 'light' }])
    expect(seen).toEqual([{ ...defaultSettings(), theme: 'light' }])
    // Lists and the schedule compare by value: sending the same again changes nothing.
    await c.dispatch('settings.update', [{ extraApps: ['blender-4.2'] }])
    await c.dispatch('settings.update', [{ extraApps: ['blender-4.2'], schedule: defaultSettings().schedule }])
    expect((await c.api['settings.history']()).map((h) => h.key)).toEqual(['extraApps', 'theme'])
  })

  it('keeps the default for a stored value that no longer validates', async () => {
    const d = tempDir()
    cleanup.push(d.remove)
    await core(d.dir).stop()
    const raw = new Database(databaseFile(d.dir))
    raw.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('telemetryIntervalMs', '5', 1), ('theme', '\"dark\"', 1)").run()
    raw.close()
    const c = core(d.dir)
    expect(await c.api['settings.get']()).toMatchObject({ telemetryIntervalMs: 1000, theme: 'dark' })
  })
})
