import Database, { type Database as Db } from 'better-sqlite3'
import type { LedgerEntry, LedgerVerification } from '../../../src-preload/jobTypes'
import { IngotError } from '../errors'
import { amountProblem, ENTRY_COLUMNS, entryHash, GENESIS_HASH } from './ledgerRow'

/**
 * Walks the ledger by seq, recomputing every hash and link, and names the first row that does not
 * check. Deleting the newest rows leaves a shorter but sound chain: only a head hash recorded
 * elsewhere catches that.
 */
export function verifyLedgerDb(db: Db): LedgerVerification {
  let rows = 0
  let prev = { seq: 0, hash: GENESIS_HASH }
  let firstBad: LedgerVerification['firstBad'] = null
  // One statement reads one snapshot, even while the node keeps appending.
  for (const e of db.prepare<[], LedgerEntry>(`SELECT ${ENTRY_COLUMNS} FROM ledger ORDER BY seq`).iterate()) {
    rows++
    firstBad ??= problem(e, prev)
    prev = e
  }
  return { ok: firstBad === null, rows, firstBad, headHash: rows ? prev.hash : null }
}

function problem(e: LedgerEntry, prev: { seq: number; hash: string }): LedgerVerification['firstBad'] {
  const expected = prev.seq + 1
  if (e.seq !== expected) {
    const missing = e.seq === expected + 1 ? `row ${expected} is missing` : `rows ${expected} to ${e.seq - 1} are missing`
    return { seq: expected, reason: `${missing}: row ${e.seq} follows ${prev.seq ? `row ${prev.seq}` : 'the start'} (rows were deleted)` }
  }
  const amount = amountProblem(e.kind, e.amountMicro)
  if (amount) return { seq: e.seq, reason: amount }
  if (e.prevHash !== prev.hash) return { seq: e.seq, reason: `prev_hash does not match the hash of ${prev.seq ? `row ${prev.seq}` : 'the genesis (64 zeros)'}` }
  if (entryHash(e) !== e.hash) return { seq: e.seq, reason: 'hash does not match the row’s contents: the row was edited' }
  return null
}

/** Verifies the ledger in a database file opened read-only, so a running node's ledger can be checked too. */
export function verifyLedgerFile(dbFile: string): LedgerVerification {
  let db: Db
  try {
    db = new Database(dbFile, { readonly: true, fileMustExist: true })
  } catch (err) {
    throw new IngotError('E_NOT_FOUND', `Cannot open the database ${dbFile}: ${(err as Error).message}`)
  }
  try {
    db.pragma('busy_timeout = 5000')
    if (!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'ledger'").get()) {
      throw new IngotError('E_NOT_FOUND', `${dbFile} has no ledger table: it is not an Ingot database, or one from before the ledger (start the node once to upgrade it).`)
    }
    return verifyLedgerDb(db)
  } finally {
    db.close()
  }
}
