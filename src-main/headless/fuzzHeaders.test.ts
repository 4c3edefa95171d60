import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHarness, TOKEN, type Harness } from './test/httpHarness'
import { expectNodeHealthy, expectWellFormed, tally, watchRejections } from './test/fuzzChecks'
import { buildRequest, rawExchange } from './test/rawHttp'

const RUNS = 2000
let h: Harness
beforeAll(async () => {
  // Wrong tokens are most of what this sends: the lockout has its own tests, here it would end the run.
  h = await startHarness({ authLimit: { maxFailures: Number.MAX_SAFE_INTEGER } })
})
afterAll(() => h.close())

/** Header values: mostly printable, now and then bytes a header must never hold (Node refuses those). */
const junk = fc.oneof(
  { arbitrary: fc.string({ maxLength: 40 }), weight: 16 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 1 },
  { arbitrary: fc.string({ unit: fc.constantFrom('\r', '\n', '\0', ' ', ':', ';', '=', '%', 'a'), maxLength: 12 }), weight: 1 }
)
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 4 })

const caseArb = fc.record({
  method: fc.constantFrom('POST', 'POST', 'POST', 'GET', 'HEAD', 'PUT', 'OPTIONS', 'DELETE'),
  path: fc.constantFrom('/api/settings.get', '/api/node.status', '/api/ledger.verify', '/api/settings.update', '/api/health', '/metrics', '/', '/assets/app.js', '/?token=' + TOKEN),
  host: opt(
    fc.oneof(
      { arbitrary: fc.constant('GOOD'), weight: 8 },
      fc.constantFrom('localhost', 'LOCALHOST:1', '[::1]', '127.0.0.1', '127.1', '0x7f.0.0.1', '2130706433', 'localhost.', '127.0.0.1.nip.io', '[::ffff:127.0.0.1]', 'evil.example', ''),
      fc.domain(),
      fc.ipV4().map((a) => `${a}:80`),
      fc.ipV6().map((a) => `[${a}]`),
      junk
    )
  ),
  secondHost: fc.integer({ min: 0, max: 19 }).map((n) => n === 0),
  origin: opt(fc.oneof({ arbitrary: fc.constant('SAME'), weight: 3 }, fc.constantFrom('null', 'http://localhost', 'https://127.0.0.1', 'http://evil.example'), fc.webUrl(), junk)),
  authorization: opt(fc.oneof({ arbitrary: fc.constant(`Bearer ${TOKEN}`), weight: 4 }, fc.constantFrom(`Bearer ${TOKEN}`, `bearer   ${TOKEN} `, `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(1)}`, 'Bearer', 'Basic dXNlcjpwYXNz', `Bearer ${TOKEN} ${TOKEN}`), junk.map((s) => `Bearer ${s}`), junk)),
  cookie: opt(fc.oneof(fc.constantFrom(`ingot_token=${TOKEN}`, `a=1; ingot_token=${TOKEN}`, `ingot_token=${encodeURIComponent(TOKEN)}x`, 'ingot_token=%E0%A4%A', 'ingot_token=', `ingot_token=${TOKEN}; ingot_token=wrong`), junk)),
  contentType: opt(fc.oneof(fc.constantFrom('application/json', 'APPLICATION/JSON; charset=utf-8', 'application/jsonx', 'text/plain', 'multipart/form-data; boundary=x'), junk)),
  body: fc.oneof(fc.constantFrom('[]', '[{}]', '', '{', '[{"idleMinutes":15}]'), fc.string({ maxLength: 40 })),
  // How Content-Length relates to the body sent: the mismatches are the point.
  length: fc.oneof({ arbitrary: fc.constant('exact' as const), weight: 12 }, fc.constantFrom('none', 'short', 'long', 'junk', 'negative', 'twice', 'chunked+length')),
  extra: fc.array(fc.tuple(fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,15}$/), junk), { maxLength: 2 })
})
type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never

function toRequest(c: Case, port: number): { bytes: Buffer; halfClose: boolean } {
  const body = Buffer.from(c.body)
  const headers: [string, string][] = []
  if (c.host !== undefined) headers.push(['Host', c.host === 'GOOD' ? `127.0.0.1:${port}` : c.host])
  if (c.secondHost) headers.push(['Host', 'evil.example'])
  if (c.origin !== undefined) headers.push(['Origin', c.origin === 'SAME' ? `http://127.0.0.1:${port}` : c.origin])
  if (c.authorization !== undefined) headers.push(['Authorization', c.authorization])
  if (c.cookie !== undefined) headers.push(['Cookie', c.cookie])
  if (c.contentType !== undefined) headers.push(['Content-Type', c.contentType])
  const lengths: Record<Case['length'], [string, string][]> = {
    exact: [['Content-Length', String(body.length)]],
    none: [],
    short: [['Content-Length', String(Math.max(0, body.length - 3))]],
    long: [['Content-Length', String(body.length + 7)]],
    junk: [['Content-Length', '12abc']],
    negative: [['Content-Length', '-1']],
    twice: [['Content-Length', String(body.length)], ['Content-Length', String(body.length + 1)]],
    'chunked+length': [['Transfer-Encoding', 'chunked'], ['Content-Length', String(body.length)]]
  }
  headers.push(...lengths[c.length], ...c.extra, ['Connection', 'close'])
  // Promised more than sent: our side ends, or the server would rightly wait for the rest.
  return { bytes: buildRequest(c.method, c.path, headers, body), halfClose: c.length === 'long' }
}

// The server serves loopback names: localhost, ::1 and all of 127.0.0.0/8 (auth.ts isLoopback).
const loopbackHost = (host: string, port: number) => host === 'GOOD' || new RegExp(`^(localhost|127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}|\\[::1\\])(:${port}|:\\d+)?$`, 'i').test(host)

function sameOrigin(origin: string, host: string | undefined): boolean {
  try {
    return new URL(origin).host === host
  } catch {
    return false
  }
}

describe('fuzzed headers over the wire', () => {
  it(`every request gets a well-formed answer, no token-less success, no foreign Host served: ${RUNS} cases`, async () => {
    const watch = watchRejections()
    const statuses = tally()
    const started = Date.now()
    try {
      await fc.assert(
        fc.asyncProperty(caseArb, async (c) => {
          const { bytes, halfClose } = toRequest(c, h.port)
          const r = await rawExchange(h.port, bytes, { head: c.method === 'HEAD', halfClose })
          if (r.kind === 'closed' && halfClose) {
            statuses.add('closed')
            return
          }
          const what = bytes.toString('latin1').slice(0, 400)
          expectWellFormed(r, what)
          // Refused by Node's parser (answered by answerClientError): no handler ran. A HEAD answer has
          // no body to tell by, but no handler answers HEAD with 400.
          if (r.status === 431 || (r.status === 400 && (c.method === 'HEAD' || r.body.toString().includes('Malformed HTTP request.')))) {
            statuses.add(`${r.status}-parser`)
            return
          }
          statuses.add(r.status)
          // Served only to a Host on loopback (the server is bound to 127.0.0.1).
          // Two Host headers are refused outright (400); otherwise served only to a Host on loopback.
          if (c.secondHost) expect([400, 403], what).toContain(r.status)
          else if (!loopbackHost(c.host ?? '', h.port)) expect(r.status, what).toBe(403)
          // Anything but health and the 401 answers needed the token somewhere in the request.
          const tokenSent = [c.authorization, c.cookie, c.path].some((v) => v?.includes(TOKEN))
          if (r.status !== 401 && r.status !== 403 && !(c.secondHost && r.status === 400) && c.path !== '/api/health') expect(tokenSent, what).toBe(true)
          // A cross-origin write never reaches the core.
          const host = c.host === 'GOOD' ? `127.0.0.1:${h.port}` : c.host
          const origin = c.origin === 'SAME' ? `http://127.0.0.1:${h.port}` : c.origin
          if (c.method === 'POST' && c.path.startsWith('/api/') && origin !== undefined && !sameOrigin(origin, host)) expect(c.secondHost ? [400, 401, 403] : [401, 403], what).toContain(r.status)
        }),
        { numRuns: RUNS }
      )
      console.log(`fuzz headers: ${statuses.total} requests in ${Date.now() - started} ms; statuses ${statuses}`)
      expect(statuses.total).toBeGreaterThanOrEqual(RUNS)
      await expectNodeHealthy(h, watch.seen)
    } finally {
      watch.stop()
    }
  }, 90_000)
})
