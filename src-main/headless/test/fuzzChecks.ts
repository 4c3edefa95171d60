import { expect } from 'vitest'
import { securityHeaders } from '../securityHeaders'
import type { Harness } from './httpHarness'
import type { RawClosed, RawResponse } from './rawHttp'

/** Collects unhandled rejections while a fuzz run is on; Vitest's own handler stays in place. */
export function watchRejections() {
  const seen: unknown[] = []
  const listener = (reason: unknown) => void seen.push(reason)
  process.on('unhandledRejection', listener)
  return {
    seen,
    stop: () => void process.off('unhandledRejection', listener)
  }
}

/** Status counts, printed once per fuzz test so a run shows what it exercised. */
export function tally() {
  const counts = new Map<string, number>()
  return {
    add(key: string | number) {
      counts.set(String(key), (counts.get(String(key)) ?? 0) + 1)
    },
    get total() {
      return [...counts.values()].reduce((a, b) => a + b, 0)
    },
    toString: () => [...counts.entries()].sort().map(([k, n]) => `${k}×${n}`).join(' ')
  }
}

/** Every answer: a complete HTTP/1.1 response under 500, with the whole security header set. */
export function expectWellFormed(r: RawResponse | RawClosed, what: string): asserts r is RawResponse {
  if (r.kind !== 'response') throw new Error(`${what}: connection closed without a response (got ${JSON.stringify(r.received.toString('latin1').slice(0, 200))})`)
  expect(r.status, what).toBeLessThan(500)
  for (const [name, value] of Object.entries(securityHeaders)) expect(r.headers[name.toLowerCase()], `${what}: ${name}`).toBe(value)
}

/** After a run: the node answers, its database is sound, its ledger verifies, nothing leaked out. */
export async function expectNodeHealthy(h: Harness, rejections: unknown[]): Promise<void> {
  expect(rejections).toEqual([])
  const settings = await h.call('settings.get', '[]')
  expect(settings.status).toBe(200)
  expect(JSON.parse(settings.body)).toMatchObject({ ok: true })
  const ledger = await h.call('ledger.verify', '[]')
  expect(JSON.parse(ledger.body)).toMatchObject({ ok: true, value: { ok: true, firstBad: null } })
  expect(h.integrityCheck()).toBe('ok')
  // A "__proto__" key in a body must not have reached Object.prototype.
  expect(({} as Record<string, unknown>).polluted).toBeUndefined()
}
