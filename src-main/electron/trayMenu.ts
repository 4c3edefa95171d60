import type { MenuItemConstructorOptions } from 'electron'
import type { NodeStatus } from '../../src-preload/contract'
import type { Core } from '../core/app'

export interface TrayActions {
  show(): void
  quit(): void
}

/** The tray menu for a status: the status line, Show, pause (now, 1 h, until tomorrow) or Resume, Quit. */
export function trayMenuTemplate(status: NodeStatus, core: Pick<Core, 'api'>, actions: TrayActions): MenuItemConstructorOptions[] {
  // Resume undoes the owner's own pause; a pause for heat or a game ends when its cause does.
  const paused = status.reason === 'manual'
  return [
    { label: status.line, enabled: false },
    { type: 'separator' },
    { label: 'Show Ingot', click: actions.show },
    ...(paused
      ? [{ label: 'Resume', click: () => void core.api['node.resume']() }]
      : [
          { label: 'Pause', click: () => void core.api['node.pause']() },
          { label: 'Pause for 1 hour', click: () => void core.api['node.pause']({ forMinutes: 60 }) },
          { label: 'Pause until tomorrow', click: () => void core.api['node.pause']({ untilTomorrow: true }) }
        ]),
    { type: 'separator' },
    { label: 'Quit', click: actions.quit }
  ]
}
