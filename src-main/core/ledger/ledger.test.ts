import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import type { LedgerEntry } from '../../../src-preload/jobTypes'
import { databaseFile, openDatabase } from '../db/open'
import { IngotError } from '../errors'
import { canonicalJson, sha256Hex } from '../identity/canonicalJson'
import { manualClock, tempDir } from '../test/tempCore'
import { createLedger, verifyLedgerFile, type NewLedgerEntry } from './ledger'

const open: { close(): void }[] = []
const dirs: { remove(): void }[] = []
afterEach(() => {
  open.splice(0).forEach((d) => d.close())
  dirs.splice(0).forEach((d) => d.remove())
})

function setup() {
  const d = tempDir()
  dirs.push(d)
  const { db } = openDatabase(d.dir)
  open.push(db)
  const clock = manualClock()
  return { dir: d.dir, db, clock, ledger: createLedger(db, clock) }
}

/** A second connection that takes the append-only triggers away, as someone editing the file would. */
function tamper(dir: string, sql: string): void {
  const raw = new Database(databaseFile(dir))
  raw.exec('DROP TRIGGER IF EXISTS ledger_no_update; DROP TRIGGER IF EXISTS ledger_no_delete;')
  raw.exec(sql)
  raw.close()
}

const earning = (jobId: string, amountMicro = 1_500_000): NewLedgerEntry => ({ kind: 'earning', jobId, amountMicro, currency: 'DEMO', memo: `job ${jobId}` })
const penalty = (jobId: string, amountMicro = -300_000): NewLedgerEntry => ({ kind: 'penalty', jobId, amountMicro, currency: 'DEMO', memo: 'latency breached' })
const payout = (amountMicro: number): NewLedgerEntry => ({ kind: 'payout', jobId: null, amountMicro, currency: 'DEMO', memo: 'to wallet "main" \\ µ\n☃ 💸' })

function code(f: () => unknown): string {
  try {
    f()
  } catch (err) {
    expect(err).toBeInstanceOf(IngotError)
    return (err as IngotError).code
  }
  throw new Error('expected an error')
}

describe('ledger', () => {
  it('appends rows that each carry the hash of the row before', () => {
    const { ledger, clock } = setup()
    const first = ledger.append([earning('j1'), penalty('j1')])
    clock.advance(1000)
    const [third] = ledger.append([payout(-1_000_000)])
    const rows: LedgerEntry[] = [...first, third!]
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3])
    expect(rows[0]!.prevHash).toBe('0'.repeat(64))
    expect(rows[1]!.prevHash).toBe(rows[0]!.hash)
    expect(rows[2]!.prevHash).toBe(rows[1]!.hash)
    expect(rows[2]!.at).toBe(manualClock().now() + 1000)
    for (const r of rows) {
      const { hash, ...fields } = r
      expect(hash).toBe(sha256Hex(canonicalJson(fields)))
    }
    expect([...ledger.all()]).toEqual(rows)
    expect(ledger.entries()).toEqual([...rows].reverse())
    expect(ledger.entries({ limit: 1, beforeSeq: 3 })).toEqual([rows[1]])
    expect(ledger.forJob('j1')).toEqual(rows.slice(0, 2))
    expect(ledger.verify()).toEqual({ ok: true, rows: 3, firstBad: null, headHash: rows[2]!.hash })
  })

  it('an empty ledger verifies, with no head', () => {
    expect(setup().ledger.verify()).toEqual({ ok: true, rows: 0, firstBad: null, headHash: null })
  })

  it('commits with the caller’s transaction, and rolls back with it', () => {
    const { db, ledger } = setup()
    expect(() =>
      db.transaction(() => {
        ledger.append([earning('j1')])
        throw new Error('the job update failed')
      })()
    ).toThrow('the job update failed')
    expect(ledger.verify().rows).toBe(0)
    db.transaction(() => ledger.append([earning('j1')]))()
    expect(ledger.entries().map((e) => e.seq)).toEqual([1])
  })

  it('pays, penalises and charges a job at most once, writing nothing of a refused batch', () => {
    const { ledger } = setup()
    ledger.append([earning('j1')])
    expect(code(() => ledger.append([earning('j2'), earning('j1')]))).toBe('E_BUSY')
    expect(code(() => ledger.append([penalty('j3'), penalty('j3')]))).toBe('E_BUSY')
    expect(ledger.verify().rows).toBe(1)
    // Payouts and adjustments belong to no job and may repeat.
    ledger.append([payout(-5), payout(-5), { kind: 'adjustment', jobId: null, amountMicro: 7, currency: 'DEMO', memo: 'fix' }])
    expect(ledger.verify()).toMatchObject({ ok: true, rows: 4 })
  })

  it('refuses bad amounts and currencies before writing', () => {
    const { ledger } = setup()
    const bad: NewLedgerEntry[] = [
      earning('j1', -1),
      penalty('j1', 1),
      { ...payout(5) },
      { kind: 'fee', jobId: 'j1', amountMicro: 2, currency: 'DEMO', memo: '' },
      earning('j1', 1.5),
      earning('j1', Number.MAX_SAFE_INTEGER + 1),
      earning('j1', NaN),
      { ...earning('j1'), currency: 'demo' },
      { ...earning('j1'), currency: 'D' },
      { ...earning('j1'), kind: 'bonus' as never }
    ]
    for (const b of bad) expect(code(() => ledger.append([earning('ok'), b]))).toBe('E_BAD_INPUT')
    expect(ledger.verify().rows).toBe(0)
  })

  it('names an edited row', () => {
    const { dir, ledger } = setup()
    ledger.append([earning('j1'), earning('j2'), earning('j3')])
    tamper(dir, 'UPDATE ledger SET amount_micro = 9000000 WHERE seq = 2')
    expect(ledger.verify()).toMatchObject({ ok: false, rows: 3, firstBad: { seq: 2, reason: expect.stringMatching(/row was edited/) } })
  })

  it('names the row after one whose hash was recomputed to hide an edit', () => {
    const { dir, ledger } = setup()
    const rows = ledger.append([earning('j1'), earning('j2'), earning('j3')])
    const { hash: _hash, ...fields } = { ...rows[1]!, amountMicro: 9_000_000 }
    tamper(dir, `UPDATE ledger SET amount_micro = 9000000, hash = '${sha256Hex(canonicalJson(fields))}' WHERE seq = 2`)
    expect(ledger.verify().firstBad).toEqual({ seq: 3, reason: 'prev_hash does not match the hash of row 2' })
  })

  it('names a deleted row', () => {
    const { dir, ledger } = setup()
    ledger.append([earning('j1'), earning('j2'), earning('j3'), earning('j4')])
    tamper(dir, 'DELETE FROM ledger WHERE seq = 2')
    expect(ledger.verify()).toMatchObject({ ok: false, rows: 3, firstBad: { seq: 2, reason: expect.stringMatching(/^row 2 is missing: row 3 follows row 1/) } })
    tamper(dir, 'DELETE FROM ledger WHERE seq = 1')
    expect(ledger.verify().firstBad).toEqual({ seq: 1, reason: 'rows 1 to 2 are missing: row 3 follows the start (rows were deleted)' })
  })

  it('names a row whose link to the row before was edited', () => {
    const { dir, ledger } = setup()
    ledger.append([earning('j1'), earning('j2'), earning('j3')])
    tamper(dir, `UPDATE ledger SET prev_hash = '${'f'.repeat(64)}' WHERE seq = 3`)
    expect(ledger.verify().firstBad).toEqual({ seq: 3, reason: 'prev_hash does not match the hash of row 2' })
    tamper(dir, `UPDATE ledger SET prev_hash = '${'f'.repeat(64)}' WHERE seq = 1`)
    expect(ledger.verify().firstBad).toEqual({ seq: 1, reason: 'prev_hash does not match the hash of the genesis (64 zeros)' })
  })

  it('verifies a running node’s database file read-only', () => {
    const { dir, db, ledger } = setup()
    const rows = ledger.append([earning('j1'), payout(-1)])
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(verifyLedgerFile(databaseFile(dir))).toEqual({ ok: true, rows: 2, firstBad: null, headHash: rows[1]!.hash })
    // Still the writer: appending goes on after the check.
    ledger.append([earning('j2')])
    tamper(dir, 'UPDATE ledger SET memo = \'changed\' WHERE seq = 3')
    expect(verifyLedgerFile(databaseFile(dir))).toMatchObject({ ok: false, firstBad: { seq: 3 } })
  })

  it('says clearly when there is no database or no ledger', () => {
    const { dir } = setup()
    expect(() => verifyLedgerFile(`${dir}/nothing.db`)).toThrow(/Cannot open the database/)
    const empty = new Database(`${dir}/empty.db`)
    empty.exec('CREATE TABLE t (x)')
    empty.close()
    expect(() => verifyLedgerFile(`${dir}/empty.db`)).toThrow(/has no ledger table/)
  })
})
