import { Menu, Tray, nativeImage } from 'electron'
import type { NodeStatus } from '../../src-preload/contract'
import type { Core } from '../core/app'
import { trayMenuTemplate, type TrayActions } from './trayMenu'

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
