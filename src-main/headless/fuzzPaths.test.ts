import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { APP_JS, INDEX_HTML, SECRETS, startHarness, TOKEN, type Harness } from './test/httpHarness'
import { expectNodeHealthy, expectWellFormed, tally, watchRejections } from './test/fuzzChecks'
import { buildRequest, rawExchange } from './test/rawHttp'

const RUNS = 2000
let h: Harness
beforeAll(async () => {
  h = await startHarness({ authLimit: { maxFailures: Number.MAX_SAFE_INTEGER } })
})
afterAll(() => h.close())

/** Pieces that walk out of a folder in one decoding or another, and names that exist just outside. */
const segment = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom('..', '.', '%2e%2e', '%2E%2E', '.%2e', '%2e.', '%252e%252e', '%25252e%25252e', '..%2f', '..%2F', '..%5c', '..\\', '%5c..%5c', '%2f', '%00', '%c0%ae%c0%ae', '%e0%80%ae%e0%80%ae', '..;', '...', '....', '~', '%', '%zz', '%e0%a4%a', '') },
  { weight: 8, arbitrary: fc.constantFrom('secret.txt', 'renderer2', 'renderer', 'index.html', 'assets', 'app.js', 'data', 'ingot.db', 'headless-token', 'api', 'health', 'metrics', 'events', 'settings.get', 'etc', 'passwd') },
  { weight: 4, arbitrary: fc.string({ maxLength: 12 }).map(encodeURIComponent) },
  // Raw bytes Node's parser refuses (controls, spaces, non-ASCII): rare, or they would crowd out the rest.
  { weight: 1, arbitrary: fc.string({ unit: fc.oneof(fc.constantFrom(' ', '\t', '\0', '\x7f', 'é', '\u2028', '🙂'), fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 1 })), maxLength: 4 }) }
)
const separator = fc.constantFrom('/', '/', '/', '\\', '//', '%2f', '%5c', '/./')
const built = fc
  .tuple(fc.oneof({ weight: 12, arbitrary: fc.constantFrom('/', '/api/', '/assets/', '//', '/metrics/', '/api/../') }, fc.constantFrom('\\', '', 'http://127.0.0.1', '*')), fc.array(fc.tuple(segment, separator), { maxLength: 10 }), fc.constantFrom('', '?', '?token=x', `?token=${TOKEN}`, '#frag', '?a=%00'))
  .map(([prefix, parts, suffix]) => prefix + parts.map(([s, sep], i) => (i === parts.length - 1 ? s : s + sep)).join('') + suffix)
/** Climbs aimed at the planted files: the rare exact hits random segments would almost never make. */
const up = fc.constantFrom('..', '%2e%2e', '%2E%2E', '.%2e', '%2e.', '%252e%252e', '%c0%ae%c0%ae', '...', '..;')
const sep = fc.constantFrom('/', '%2f', '%2F', '\\', '%5c', '%5C', '//', '%252f', '/./')
const target = fc.constantFrom('secret.txt', 'renderer2/index.html', 'renderer2%2findex.html', 'data/secret.txt', 'data%2fsecret.txt', 'data/ingot.db', 'data/headless-token', '..%2fsecret.txt')
const climb = fc
  .tuple(fc.constantFrom('/', '/assets/', '//', '/assets/x/', '/api/'), fc.array(fc.tuple(up, sep), { minLength: 1, maxLength: 4 }), target, fc.constantFrom('', '', '?x', '#y'))
  .map(([prefix, steps, file, suffix]) => prefix + steps.map(([u, s]) => u + s).join('') + file + suffix)
const long = fc.tuple(fc.constantFrom('../', '%2e%2e%2f', '..\\', 'a/'), fc.integer({ min: 100, max: 6000 })).map(([s, n]) => '/' + s.repeat(n) + 'secret.txt')
const paths = fc.oneof({ weight: 10, arbitrary: built }, { weight: 6, arbitrary: climb }, { weight: 2, arbitrary: fc.webPath() }, { weight: 1, arbitrary: long }, { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 60 }).map((s) => '/' + s) })

describe('fuzzed paths over the wire', () => {
  it(`never serve anything outside the UI folder, never fail: ${RUNS} paths, static and /api`, async () => {
    const watch = watchRejections()
    const statuses = tally()
    const started = Date.now()
    let longest = 0
    try {
      await fc.assert(
        fc.asyncProperty(paths, fc.constantFrom('GET', 'GET', 'GET', 'HEAD', 'POST'), fc.integer({ min: 0, max: 9 }), async (path, method, authPick) => {
          longest = Math.max(longest, path.length)
          const headers: [string, string][] = [['Host', `127.0.0.1:${h.port}`], ['Connection', 'close']]
          // Mostly with the token: without it nothing static is served at all.
          if (authPick < 8) headers.push(['Authorization', `Bearer ${TOKEN}`])
          if (method === 'POST') headers.push(['Content-Type', 'application/json'], ['Content-Length', '2'])
          const request = buildRequest(method, path, headers, method === 'POST' ? '[]' : '')
          const r = await rawExchange(h.port, request, { head: method === 'HEAD' })
          const what = `${method} ${JSON.stringify(path.slice(0, 300))}`
          expectWellFormed(r, what)
          const body = r.body.toString('latin1')
          statuses.add(r.status === 400 && body.includes('Malformed HTTP request.') ? '400-parser' : r.status)
          for (const secret of SECRETS) expect(body, what).not.toContain(secret)
          expect(body.startsWith('SQLite format 3'), what).toBe(false)
          expect(body, what).not.toContain(TOKEN)
          // A 200 is a JSON envelope, Prometheus text, the event stream (a path that normalises to
          // /api/events), or exactly one of the UI's own files.
          const type = r.headers['content-type'] ?? ''
          if (r.status === 200 && method === 'GET' && !type.startsWith('application/json') && !type.startsWith('text/plain; version=') && !type.startsWith('text/event-stream')) expect([INDEX_HTML, APP_JS], what).toContain(body)
        }),
        { numRuns: RUNS }
      )
      console.log(`fuzz paths: ${statuses.total} requests in ${Date.now() - started} ms (longest path ${longest} chars); statuses ${statuses}`)
      expect(statuses.total).toBeGreaterThanOrEqual(RUNS)
      await expectNodeHealthy(h, watch.seen)
    } finally {
      watch.stop()
    }
  }, 90_000)
})
