import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import Database, { type Database as Db } from 'better-sqlite3'
import { checkSound, damagedError, isDamageError } from './damaged'
import { migrate, refuseNewer } from './migrate'
import { migrations } from './migrations'

export interface OpenOptions {
  /** Path to a better_sqlite3.node built for the running runtime (Electron); Node uses the default. */
  nativeBinding?: string
}

export const databaseFile = (dataDir: string): string => join(dataDir, 'ingot.db')

/** The size the write-ahead log is cut back to whenever it starts over. */
export const WAL_LIMIT_BYTES = 4 * 1024 * 1024

/** The core's single writer connection: WAL, foreign keys on, schema migrated. */
export function openDatabase(dataDir: string, options: OpenOptions = {}): { db: Db; schemaVersion: number } {
  // Private: the data dir will hold the node's keys and earnings.
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  const file = databaseFile(dataDir)
  const db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {})
  try {
    // Before any pragma that writes: a newer or a damaged database is refused untouched.
    refuseNewer(db, migrations, file)
    const damage = checkSound(db)
    if (damage) throw damagedError(file, damage)
    db.pragma('journal_mode = WAL')
    db.pragma('foreign_keys = ON')
    db.pragma('busy_timeout = 5000')
    db.pragma('synchronous = NORMAL')
    // The log is reused from its start, not shrunk, after each reset: one burst of multi-MB bundles
    // would otherwise keep it at its high-water mark for good.
    db.pragma(`journal_size_limit = ${WAL_LIMIT_BYTES}`)
    const schemaVersion = migrate(db, migrations, file)
    return { db, schemaVersion }
  } catch (err) {
    db.close()
    throw isDamageError(err) ? damagedError(file, (err as Error).message) : err
  }
}
