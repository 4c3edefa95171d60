import type { Database } from 'better-sqlite3'
import { IngotError } from '../errors'

export interface Migration {
  version: number
  name: string
  up(db: Database): void
}

/**
 * Brings the schema to the newest version: all pending migrations in one transaction, tracked
 * with user_version. A database written by a newer Ingot is refused, never downgraded.
 */
export function migrate(db: Database, migrations: readonly Migration[], file: string): number {
  const latest = migrations.at(-1)?.version ?? 0
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Migration ${m.name} has version ${m.version}, expected ${i + 1}`)
  })
  const current = refuseNewer(db, migrations, file)
  const pending = migrations.filter((m) => m.version > current)
  if (pending.length === 0) return current
  db.transaction(() => {
    for (const m of pending) m.up(db)
    db.pragma(`user_version = ${latest}`)
  })()
  return latest
}

/** Reads user_version and refuses a database from a newer Ingot; changes nothing. */
export function refuseNewer(db: Database, migrations: readonly Migration[], file: string): number {
  const latest = migrations.at(-1)?.version ?? 0
  const current = db.pragma('user_version', { simple: true }) as number
  if (current > latest) {
    throw new IngotError(
      'E_DB_TOO_NEW',
      `The database ${file} was written by a newer Ingot (schema v${current}; this build knows up to v${latest}). ` +
        'Update Ingot, or start it with another data directory (--data-dir).'
    )
  }
  return current
}
