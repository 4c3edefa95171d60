import type { MessageBoxSyncOptions } from 'electron'
import type { Core, CoreOptions } from '../core/app'
import { IngotError } from '../core/errors'
import { createCoreWithFreshStart } from '../core/freshStart'

/** The question a desktop owner gets when the database is damaged: start fresh (the file is kept), or quit. */
export function damagedDatabaseDialog(message: string): MessageBoxSyncOptions {
  return {
    type: 'error',
    title: 'Ingot’s database is damaged',
    message: 'Ingot’s database is damaged and cannot be used.',
    detail: `${message}\n\nStart fresh keeps the damaged file as a backup beside the new one, and keeps this node’s key. Quit changes nothing.`,
    buttons: ['Start fresh', 'Quit'],
    defaultId: 1,
    cancelId: 1,
    noLink: true
  }
}

/**
 * Starts the desktop core. A damaged database asks the owner (dialog.showMessageBoxSync in the app);
 * "Start fresh" sets it aside and starts on a new one, "Quit" rethrows so the app exits untouched.
 */
export function startDesktopCore(options: CoreOptions, ask: (o: MessageBoxSyncOptions) => number): { core: Core; setAside: string | null } {
  try {
    return createCoreWithFreshStart(options, false)
  } catch (err) {
    if (!(err instanceof IngotError && err.code === 'E_DB_CORRUPT')) throw err
    if (ask(damagedDatabaseDialog(err.message)) !== 0) throw err
    return createCoreWithFreshStart(options, true)
  }
}
