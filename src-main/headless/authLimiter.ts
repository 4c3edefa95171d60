import { systemClock, type Clock } from '../core/clock'

/**
 * Guessing the token: 10 wrong tokens from one address within a minute lock that address out for
 * five minutes. A generated token is 192 random bits, so this is not what keeps it secret; it caps an
 * INGOT_TOKEN chosen by a person (16 characters at least) at about 2,900 guesses a day per address,
 * and keeps a scanner from flooding the node. Ten leaves room for a browser whose stale cookie went
 * out with a handful of parallel requests before the node told it to drop the cookie.
 */
export const AUTH_LIMIT = {
  maxFailures: 10,
  windowMs: 60_000,
  lockoutMs: 5 * 60_000,
  /** Addresses remembered at once: an attacker cycling addresses costs memory up to here, no further. */
  maxEntries: 10_000
} as const

export interface AuthLimitOptions {
  maxFailures?: number
  windowMs?: number
  lockoutMs?: number
  maxEntries?: number
  clock?: Clock
}

interface Entry {
  windowStart: number
  failures: number
  lockedUntil: number
}

export function createAuthLimiter(options: AuthLimitOptions = {}) {
  const { maxFailures, windowMs, lockoutMs, maxEntries } = { ...AUTH_LIMIT, ...options }
  const clock = options.clock ?? systemClock
  // Map order is least recently failed first: eviction takes the oldest.
  const entries = new Map<string, Entry>()

  const expired = (e: Entry, now: number) => e.lockedUntil <= now && now - e.windowStart >= windowMs

  function makeRoom(now: number): void {
    for (const [addr, e] of entries) if (expired(e, now)) entries.delete(addr)
    // Still full of live entries: forget the longest-quiet address rather than grow.
    while (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string)
  }

  return {
    /** Seconds until the address may try again; 0 when it is not locked out. */
    retryAfterS(addr: string): number {
      const e = entries.get(addr)
      const now = clock.now()
      if (!e || e.lockedUntil <= now) return 0
      return Math.ceil((e.lockedUntil - now) / 1000)
    },
    /** Counts one wrong token from addr. */
    fail(addr: string): void {
      const now = clock.now()
      let e = entries.get(addr)
      if (e) entries.delete(addr)
      else if (entries.size >= maxEntries) makeRoom(now)
      if (!e || now - e.windowStart >= windowMs) e = { windowStart: now, failures: 0, lockedUntil: e?.lockedUntil ?? 0 }
      e.failures++
      if (e.failures >= maxFailures) e.lockedUntil = Math.max(e.lockedUntil, now + lockoutMs)
      entries.set(addr, e)
    },
    get size() {
      return entries.size
    }
  }
}

export type AuthLimiter = ReturnType<typeof createAuthLimiter>
