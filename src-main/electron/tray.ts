import { Menu, Tray, nativeImage } from 'electron'
import type { NodeStatus } from '../../src-preload/contract'
import type { Core } from '../core/app'

export interface TrayActions {
  show(): void
  quit(): void
}

export function trayMenuTemplate(status: NodeStatus, core: Pick<Core, 'api'>, actions: TrayActions): Electron.MenuItemConstructorOptions[] {
  const paused = status.activity === 'paused'
  return [
    { label: status.line, enabled: false },
    { type: 'separator' },
    { label: 'Show Ingot', click: actions.show },
    paused ? { label: 'Resume', click: () => void core.api['node.resume']() } : { label: 'Pause', click: () => void core.api['node.pause']() },
    { type: 'separator' },
    { label: 'Quit', click: actions.quit }
  ]
}

/** Tray icon whose tooltip is the status line and whose menu follows the core's pause flag. */
export async function createTray(iconPath: string, core: Pick<Core, 'api' | 'events'>, actions: TrayActions): Promise<Tray> {
  const tray = new Tray(nativeImage.createFromPath(iconPath))
  const render = (status: NodeStatus) => {
    tray.setToolTip(`Ingot — ${status.line}`)
    tray.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate(status, core, actions)))
  }
  render(await core.api['node.status']())
  core.events.on('node.status', render)
  tray.on('click', actions.show)
  return tray
}
