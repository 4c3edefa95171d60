// The tray menu against a real core; Electron's Menu is not needed to read the template.
import { afterEach, describe, expect, it } from 'vitest'
import { tempCore } from '../core/test/tempCore'
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
    expect(menu.map((i) => i.label ?? i.type)).toEqual(['Not in a market — choose one in Settings', 'separator', 'Show Ingot', 'Pause', 'separator', 'Quit'])
    click(menu.find((i) => i.label === 'Pause'))
    await new Promise((r) => setImmediate(r))
    expect((await core.api['node.status']()).activity).toBe('paused')

    menu = trayMenuTemplate(await core.api['node.status'](), core, actions)
    expect(menu[0]?.label).toMatch(/Paused by you/)
    click(menu.find((i) => i.label === 'Resume'))
    await new Promise((r) => setImmediate(r))
    expect((await core.api['node.status']()).activity).toBe('waiting')
  })
})
