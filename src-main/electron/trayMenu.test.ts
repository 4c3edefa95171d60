// The tray menu against a real core; Electron's Menu is not needed to read the template.
import { afterEach, describe, expect, it } from 'vitest'
import { manualClock, tempCore } from '../core/test/tempCore'
import { trayMenuTemplate } from './trayMenu'

const cores: { stop(): Promise<void> }[] = []
afterEach(async () => {
  for (const c of cores.splice(0)) await c.stop()
})

const click = (item: { click?: unknown } | undefined) => (item?.click as () => void)()

describe('tray menu', () => {
  it('Pause and Resume drive the core pause flag, and the label follows it', async () => {
    const core = tempCore()
    cores.push(core)
    const actions = { show: () => {}, quit: () => {} }
    let menu = trayMenuTemplate(await core.api['node.status'](), core, actions)
    expect(menu.map((i) => i.label ?? i.type)).toEqual(['Not in a market — choose one in Settings', 'separator', 'Show Ingot', 'Pause', 'Pause for 1 hour', 'Pause until tomorrow', 'separator', 'Quit'])
    click(menu.find((i) => i.label === 'Pause'))
    await new Promise((r) => setImmediate(r))
    expect((await core.api['node.status']()).activity).toBe('paused')

    menu = trayMenuTemplate(await core.api['node.status'](), core, actions)
    expect(menu[0]?.label).toMatch(/Paused by you/)
    click(menu.find((i) => i.label === 'Resume'))
    await new Promise((r) => setImmediate(r))
    expect((await core.api['node.status']()).activity).toBe('waiting')
  })

  it('pauses for an hour and until tomorrow, and a timed pause ends by itself', async () => {
    const clock = manualClock(new Date(2026, 10, 25, 20, 15).getTime())
    const core = tempCore({ clock })
    cores.push(core)
    const actions = { show: () => {}, quit: () => {} }
    click(trayMenuTemplate(await core.api['node.status'](), core, actions).find((i) => i.label === 'Pause for 1 hour'))
    await new Promise((r) => setImmediate(r))
    expect(await core.api['node.status']()).toMatchObject({ activity: 'paused', reason: 'manual', pausedUntil: clock.now() + 3_600_000, line: expect.stringMatching(/^Paused by you until /) })
    clock.advance(3_600_000)
    expect(await core.api['node.status']()).toMatchObject({ reason: 'no-market', pausedSince: null, pausedUntil: null })

    click(trayMenuTemplate(await core.api['node.status'](), core, actions).find((i) => i.label === 'Pause until tomorrow'))
    await new Promise((r) => setImmediate(r))
    expect((await core.api['node.status']()).pausedUntil).toBe(new Date(2026, 10, 26, 0, 0).getTime())
    // One or the other, not both.
    expect(await core.dispatch('node.pause', [{ forMinutes: 5, untilTomorrow: true }])).toMatchObject({ ok: false, error: { code: 'E_BAD_INPUT' } })
  })
})
