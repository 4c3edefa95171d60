import { createCore, type Core, type CoreOptions } from './app'
import { setAsideDamaged } from './db/damaged'
import { databaseFile } from './db/open'
import { IngotError } from './errors'

/**
 * Starts the core; when its database is damaged and the owner chose a fresh start (headless:
 * --fresh-start; desktop: the "Start fresh" button), the damaged file is set aside, never deleted,
 * and the core starts on a new one. The node key lives beside it and is kept. Without that choice
 * the E_DB_CORRUPT error goes to the shell, which shows it.
 */
export function createCoreWithFreshStart(options: CoreOptions, freshStart: boolean): { core: Core; setAside: string | null } {
  try {
    return { core: createCore(options), setAside: null }
  } catch (err) {
    if (!(err instanceof IngotError && err.code === 'E_DB_CORRUPT' && freshStart)) throw err
    const setAside = setAsideDamaged(databaseFile(options.dataDir))
    options.log.warn({ setAside, reason: err.message }, 'damaged database set aside; starting fresh')
    return { core: createCore(options), setAside }
  }
}
