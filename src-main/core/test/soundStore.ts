import { join } from 'node:path'
import Database from 'better-sqlite3'
import type { Core } from '../app'

/** After a fuzz run: the database file passes SQLite's integrity check and the ledger's hash chain verifies. */
export async function storeSoundness(core: Pick<Core, 'dispatch'> & { dir: string }): Promise<{ integrity: string; ledger: unknown }> {
  const db = new Database(join(core.dir, 'ingot.db'), { readonly: true })
  try {
    const integrity = db.pragma('integrity_check', { simple: true }) as string
    const ledger = await core.dispatch('ledger.verify', [])
    return { integrity, ledger }
  } finally {
    db.close()
  }
}

/** Counts unhandled promise rejections and uncaught exceptions while a fuzz run lasts. */
export function watchUnhandled(): { seen: unknown[]; stop(): void } {
  const seen: unknown[] = []
  const onReject = (reason: unknown) => seen.push(reason)
  const onError = (err: unknown) => seen.push(err)
  process.on('unhandledRejection', onReject)
  process.on('uncaughtException', onError)
  return {
    seen,
    stop() {
      process.off('unhandledRejection', onReject)
      process.off('uncaughtException', onError)
    }
  }
}

/** Cases per boundary in CI (docs/RELIABILITY.md); FUZZ_RUNS raises it for a longer hunt. */
export const FUZZ_RUNS = Math.max(500, Number(process.env.FUZZ_RUNS ?? 0) || 0)
