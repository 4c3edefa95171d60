import type { LedgerEntry, LedgerKind } from '../../../src-preload/jobTypes'
import { sha256Hex } from '../identity/canonicalJson'

/** The prev_hash of row 1. */
export const GENESIS_HASH = '0'.repeat(64)

export const ledgerKinds: readonly LedgerKind[] = ['earning', 'penalty', 'fee', 'payout', 'adjustment']

/** Columns in the shape of LedgerEntry, for every query that reads rows. */
export const ENTRY_COLUMNS = 'seq, id, at, kind, job_id AS jobId, amount_micro AS amountMicro, currency, memo, prev_hash AS prevHash, hash'

/** SHA-256 over the canonical JSON of every field but the hash itself (docs/PROTOCOL.md). */
export function entryHash(e: Omit<LedgerEntry, 'hash'>): string {
  return sha256Hex(entryCanonicalJson(e))
}

/**
 * canonicalJson of the nine hashed fields, spelled out with the keys already in sorted order: the
 * same bytes (the tests compare them) in a fraction of the time, which verifying a long ledger
 * needs. Callers check first that the numbers are safe integers, as canonicalJson would.
 */
export function entryCanonicalJson(e: Omit<LedgerEntry, 'hash'>): string {
  const s = JSON.stringify
  return `{"amountMicro":${e.amountMicro},"at":${e.at},"currency":${s(e.currency)},"id":${s(e.id)},"jobId":${s(e.jobId)},"kind":${s(e.kind)},"memo":${s(e.memo)},"prevHash":${s(e.prevHash)},"seq":${e.seq}}`
}

/** The ledger table's sign rule, in words, or null when the amount fits its kind. */
export function amountProblem(kind: string, amountMicro: number): string | null {
  if (!ledgerKinds.includes(kind as LedgerKind)) return `unknown kind "${kind}"`
  if (!Number.isSafeInteger(amountMicro)) return `amount ${amountMicro} is not a whole number of micro-units`
  if (kind === 'earning' && amountMicro < 0) return `an earning cannot be negative (${amountMicro})`
  if ((kind === 'penalty' || kind === 'fee' || kind === 'payout') && amountMicro > 0) return `a ${kind} cannot be positive (${amountMicro})`
  return null
}
