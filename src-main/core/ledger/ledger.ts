import { randomUUID } from 'node:crypto'
import type { Database as Db } from 'better-sqlite3'
import type { LedgerEntry, LedgerKind, LedgerVerification } from '../../../src-preload/jobTypes'
import type { Clock } from '../clock'
import { IngotError } from '../errors'
import { amountProblem, ENTRY_COLUMNS, entryHash, GENESIS_HASH, ledgerKinds } from './ledgerRow'
import { verifyLedgerDb } from './verifyLedger'

export { verifyLedgerFile } from './verifyLedger'

export interface NewLedgerEntry {
  kind: LedgerKind
  jobId: string | null
  amountMicro: number
  currency: string
  memo: string
}

export interface Ledger {
  /** Appends rows in one transaction; inside a caller's transaction they commit or roll back with it. */
  append(entries: NewLedgerEntry[]): LedgerEntry[]
  /** Newest first. */
  entries(page?: { limit?: number; beforeSeq?: number }): LedgerEntry[]
  /** Oldest first. */
  forJob(jobId: string): LedgerEntry[]
  /** Every row, oldest first, read lazily; the connection can write again once the loop ends. */
  all(): Iterable<LedgerEntry>
  verify(): LedgerVerification
}

const CURRENCY = /^[A-Z]{3,8}$/
const MEMO_MAX = 1000

/** The append-only, hash-chained money record over the `ledger` table (docs/PROTOCOL.md). */
export function createLedger(db: Db, clock: Clock): Ledger {
  const head = db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM ledger ORDER BY seq DESC LIMIT 1')
  const insert = db.prepare<LedgerEntry>(
    `INSERT INTO ledger (seq, id, at, kind, job_id, amount_micro, currency, memo, prev_hash, hash)
     VALUES (@seq, @id, @at, @kind, @jobId, @amountMicro, @currency, @memo, @prevHash, @hash)`
  )
  const page = db.prepare<[number, number], LedgerEntry>(`SELECT ${ENTRY_COLUMNS} FROM ledger WHERE seq < ? ORDER BY seq DESC LIMIT ?`)
  const byJob = db.prepare<[string], LedgerEntry>(`SELECT ${ENTRY_COLUMNS} FROM ledger WHERE job_id = ? ORDER BY seq`)
  const everything = db.prepare<[], LedgerEntry>(`SELECT ${ENTRY_COLUMNS} FROM ledger ORDER BY seq`)

  const appendAll = db.transaction((entries: NewLedgerEntry[]): LedgerEntry[] => {
    let prev = head.get() ?? { seq: 0, hash: GENESIS_HASH }
    const at = clock.now()
    return entries.map((n) => {
      const row = { seq: prev.seq + 1, id: randomUUID(), at, kind: n.kind, jobId: n.jobId, amountMicro: n.amountMicro, currency: n.currency, memo: n.memo, prevHash: prev.hash }
      const entry: LedgerEntry = { ...row, hash: entryHash(row) }
      insertOnce(entry)
      prev = entry
      return entry
    })
  })

  function insertOnce(entry: LedgerEntry): void {
    try {
      insert.run(entry)
    } catch (err) {
      if ((err as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw err
      // Conflict (409): a retry after a crash must not pay a job twice.
      throw new IngotError('E_BUSY', `The ledger already holds a ${entry.kind} for job ${entry.jobId}: a job is paid, penalised and charged at most once.`)
    }
  }

  return {
    append(entries) {
      entries.forEach(check)
      return entries.length ? appendAll(entries) : []
    },
    entries: ({ limit = 100, beforeSeq = Number.MAX_SAFE_INTEGER } = {}) => page.all(beforeSeq, limit),
    forJob: (jobId) => byJob.all(jobId),
    all: () => everything.iterate(),
    verify: () => verifyLedgerDb(db)
  }
}

/** Refuses a bad row before anything is written; the table's CHECKs would only say "constraint failed". */
function check(n: NewLedgerEntry, i: number): void {
  const fail = (field: string, message: string): never => {
    throw new IngotError('E_BAD_INPUT', `ledger entry ${i}: ${message}`, field)
  }
  if (!ledgerKinds.includes(n.kind)) fail('kind', `kind must be one of ${ledgerKinds.join(', ')}, not ${JSON.stringify(n.kind)}`)
  const amount = amountProblem(n.kind, n.amountMicro)
  if (amount) fail('amountMicro', amount)
  if (typeof n.currency !== 'string' || !CURRENCY.test(n.currency)) fail('currency', `currency must be 3 to 8 capital letters, not ${JSON.stringify(n.currency)}`)
  if (n.jobId !== null && (typeof n.jobId !== 'string' || n.jobId.length === 0)) fail('jobId', 'jobId must be a job id or null')
  if (typeof n.memo !== 'string' || n.memo.length > MEMO_MAX) fail('memo', `memo must be text of at most ${MEMO_MAX} characters`)
}
