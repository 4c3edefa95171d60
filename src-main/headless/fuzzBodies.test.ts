import fc from 'fast-check'
import { Agent, request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { methodNames } from '../../src-preload/methods'
import { httpStatus } from '../core/errors'
import { authJson, startHarness, type Harness } from './test/httpHarness'
import { expectNodeHealthy, tally, watchRejections } from './test/fuzzChecks'

const RUNS = 1000
let h: Harness
let settingKeys: string[] = []
const agent = new Agent({ keepAlive: true, maxSockets: 1 })
beforeAll(async () => {
  h = await startHarness()
  settingKeys = Object.keys(await h.core.api['settings.get']())
})
afterAll(async () => {
  agent.destroy()
  await h.close()
})

function post(method: string, body: Buffer) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: h.port, path: `/api/${method}`, method: 'POST', agent, headers: { ...authJson, 'Content-Length': body.length } }, (res) => {
      let text = ''
      res.on('data', (c: Buffer) => (text += c.toString()))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }))
    })
    req.on('error', reject)
    req.end(body)
  })
}

const deep = (open: string, close: string) => fc.integer({ min: 1, max: 3000 }).map((d) => `[${open.repeat(d)}1${close.repeat(d)}]`)
const hugeNumber = fc.oneof(
  fc.bigInt({ min: -(10n ** 400n), max: 10n ** 400n }).map(String),
  fc.constantFrom('1e308', '-1e308', '1e999', '-1e999', '5e-324', '1e-999', '-0', '9007199254740993', '0.1e1000000')
)
/** Argument arrays: random JSON, near-misses on real settings fields, and shapes that break naive code. */
const bodies = fc.oneof(
  fc.json({ maxDepth: 4 }),
  fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 3 }).map((a) => JSON.stringify(a)),
  fc.uint8Array({ maxLength: 256 }).map((b) => Buffer.from(b)),
  fc.string({ unit: 'binary', maxLength: 128 }),
  hugeNumber.map((n) => `[${n}]`),
  fc.tuple(fc.constantFrom(...['limit', 'from', 'to', 'id', 'forMinutes', 'since', 'mode']), hugeNumber).map(([k, n]) => `[{"${k}":${n}}]`),
  fc.constant(null).chain(() => fc.tuple(fc.constantFrom(...settingKeys), fc.jsonValue({ maxDepth: 2 }))).map(([k, v]) => JSON.stringify([{ [k]: v }])),
  deep('[', ']'),
  deep('{"a":', '}'),
  fc.constantFrom(
    '[{"__proto__":{"polluted":1}}]',
    '[{"constructor":{"prototype":{"polluted":1}}}]',
    '{"__proto__":[]}',
    '[{"toString":1,"valueOf":1}]',
    '["\\ud800"]',
    '[',
    ']',
    ' ',
    'null',
    '[null,null,null,null,null,null,null,null,null,null,null,null,null,null,null,null,null]',
    '\uFEFF[]'
  )
)
const methods = fc.oneof({ arbitrary: fc.constantFrom(...methodNames), weight: 4 }, fc.constantFrom('no.such', 'constructor', '__proto__', 'toString', 'hasOwnProperty', 'settings.get.x', 'SETTINGS.GET', 'settings%2Eget'))

describe('fuzzed API request bodies over HTTP', () => {
  it(`never crash or leak: ${RUNS} bodies, each answered with a 4xx/2xx envelope`, async () => {
    const watch = watchRejections()
    const statuses = tally()
    const started = Date.now()
    try {
      await fc.assert(
        fc.asyncProperty(methods, bodies, async (method, body) => {
          const r = await post(method, typeof body === 'string' ? Buffer.from(body) : body)
          statuses.add(r.status)
          expect(r.status).toBeLessThan(500)
          const envelope = JSON.parse(r.body) as { ok: boolean; error?: { code: keyof typeof httpStatus; message: string } }
          if (envelope.ok) expect(r.status).toBe(200)
          else expect(r.status).toBe(httpStatus[envelope.error!.code])
          // Never a stack trace or a file path through the API.
          expect(r.body).not.toMatch(/\n\s+at |\.ts:\d+|node_modules/)
        }),
        { numRuns: RUNS }
      )
      console.log(`fuzz bodies: ${statuses.total} requests in ${Date.now() - started} ms; statuses ${statuses}`)
      expect(statuses.total).toBeGreaterThanOrEqual(RUNS)
      await expectNodeHealthy(h, watch.seen)
    } finally {
      watch.stop()
    }
  }, 90_000)
})
