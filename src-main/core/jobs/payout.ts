import type { JobPrice, JobVerdict, LedgerKind, SlaBound } from '../../../src-preload/contract'
import { currencyName, microToDecimal } from '../ledger/earnings'

/**
 * The published penalty schedule (docs/PROTOCOL.md): share of the agreed pay withheld per breached
 * bound. A breached accuracy bound means wrong results: nothing is paid.
 */
export const PENALTY_PCT: Record<Exclude<SlaBound, 'accuracy'>, number> = { latencyP95: 20, throughput: 20, deadline: 50 }

export interface PayLine {
  kind: LedgerKind
  amountMicro: number
  memo: string
}

/**
 * Agreed price × work done, in whole micro-units, rounded down; exact (BigInt), since price × work
 * passes 2^53 long before the division brings it back. Compute time counts to the microsecond.
 */
export function agreedPay(price: JobPrice, work: { items: number; computeMs: number }): number {
  const micro = BigInt(price.microUnits)
  const pay = price.unit === 'per1kItems' ? (micro * BigInt(work.items)) / 1000n : (micro * BigInt(Math.floor(work.computeMs * 1000))) / 1_000_000n
  if (pay > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError('the pay does not fit in a safe integer')
  return Number(pay)
}

/** The most a bundle could be owed: what validation checks against Number.MAX_SAFE_INTEGER. */
export function maxPay(price: JobPrice, maxWork: { items: number; computeMs: number }): bigint {
  const micro = BigInt(price.microUnits)
  return price.unit === 'per1kItems' ? (micro * BigInt(maxWork.items)) / 1000n : (micro * BigInt(Math.floor(maxWork.computeMs * 1000))) / 1_000_000n
}

/** Ledger lines for a finished job: the earning and, if bounds were breached, one penalty. */
export function payLines(price: JobPrice, work: { items: number; computeMs: number }, verdict: JobVerdict): PayLine[] {
  const base = agreedPay(price, work)
  if (base === 0) return []
  const accuracy = verdict.bounds.find((b) => b.bound === 'accuracy')
  if (accuracy && !accuracy.met) return []
  const breached = verdict.bounds.filter((b): b is typeof b & { bound: keyof typeof PENALTY_PCT } => !b.met && b.bound !== 'accuracy')
  const pct = Math.min(100, breached.reduce((s, b) => s + PENALTY_PCT[b.bound], 0))
  const unit = price.unit === 'per1kItems' ? `${work.items} items` : `${(work.computeMs / 1000).toFixed(3)} GPU-s`
  const lines: PayLine[] = [{ kind: 'earning', amountMicro: base, memo: `${unit} at ${microToDecimal(price.microUnits)} ${currencyName(price.currency)} ${price.unit === 'per1kItems' ? 'per 1,000 items' : 'per GPU-second'}` }]
  // Rounded down: a fraction of a micro-unit is never withheld.
  const penalty = Number((BigInt(base) * BigInt(pct)) / 100n)
  if (penalty > 0) lines.push({ kind: 'penalty', amountMicro: -penalty, memo: `${pct}% withheld: ${breached.map((b) => b.bound).join(', ')} breached` })
  return lines
}
