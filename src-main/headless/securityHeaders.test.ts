import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { manualClock } from '../core/test/tempCore'
import { AUTH_LIMIT } from './authLimiter'
import { securityHeaders } from './securityHeaders'
import { MAX_BODY_BYTES } from './server'
import { startHarness, TOKEN, type Harness } from './test/httpHarness'
import { buildRequest, rawExchange } from './test/rawHttp'

let h: Harness
beforeAll(async () => {
  h = await startHarness({ authLimit: { clock: manualClock() } })
})
afterAll(() => h.close())

const bearer = ['Authorization', `Bearer ${TOKEN}`] as const
const json = ['Content-Type', 'application/json'] as const
const host = () => ['Host', `127.0.0.1:${h.port}`] as const
const lockedOut = '127.0.0.21'

/** Each kind of answer the server gives, as raw requests, with the status it must come back with. */
const kinds: { name: string; status: number; req: () => Buffer; head?: boolean; from?: string }[] = [
  { name: 'health', status: 200, req: () => buildRequest('GET', '/api/health', [host()]) },
  { name: 'API call', status: 200, req: () => buildRequest('POST', '/api/settings.get', [host(), bearer, json, ['Content-Length', '2']], '[]') },
  { name: '401 API', status: 401, req: () => buildRequest('POST', '/api/settings.get', [host(), json, ['Content-Length', '2']], '[]') },
  { name: '401 page', status: 401, req: () => buildRequest('GET', '/', [host()]) },
  { name: '403 host', status: 403, req: () => buildRequest('GET', '/api/health', [['Host', 'rebind.attacker.example'], bearer]) },
  { name: '403 origin', status: 403, req: () => buildRequest('POST', '/api/node.pause', [host(), bearer, json, ['Origin', 'http://evil.example'], ['Content-Length', '2']], '[]') },
  { name: '404 API', status: 404, req: () => buildRequest('POST', '/api/no.such', [host(), bearer, json, ['Content-Length', '2']], '[]') },
  { name: '404 static', status: 404, req: () => buildRequest('GET', '/nothing.js', [host(), bearer]) },
  { name: '413', status: 413, req: () => buildRequest('POST', '/api/settings.update', [host(), bearer, json, ['Content-Length', String(MAX_BODY_BYTES + 1)]]) },
  { name: '429', status: 429, from: lockedOut, req: () => buildRequest('GET', '/', [host(), bearer]) },
  { name: 'SSE', status: 200, req: () => buildRequest('GET', '/api/events', [host(), bearer]) },
  { name: '/metrics', status: 200, req: () => buildRequest('GET', '/metrics', [host(), bearer]) },
  { name: 'static file', status: 200, req: () => buildRequest('GET', '/assets/app.js', [host(), bearer]) },
  { name: 'HEAD static', status: 200, head: true, req: () => buildRequest('HEAD', '/', [host(), bearer]) },
  { name: 'HEAD 401', status: 401, head: true, req: () => buildRequest('HEAD', '/', [host()]) },
  { name: 'login redirect', status: 303, req: () => buildRequest('GET', `/?token=${TOKEN}`, [host()]) },
  { name: 'E_BAD_JSON', status: 400, req: () => buildRequest('POST', '/api/settings.get', [host(), bearer, json, ['Content-Length', '5']], '{nope') },
  { name: 'bad request target', status: 400, req: () => buildRequest('GET', 'http://[', [host(), bearer]) },
  { name: 'malformed HTTP (Node refuses it)', status: 400, req: () => Buffer.from('GARBAGE\r\n\r\n') },
  { name: 'headers too large (Node refuses them)', status: 431, req: () => buildRequest('GET', '/', [host(), ['X-Pad', 'x'.repeat(20_000)]]) }
]

describe('security headers', () => {
  beforeAll(async () => {
    for (let i = 0; i < AUTH_LIMIT.maxFailures; i++) await rawExchange(h.port, buildRequest('GET', '/', [host(), ['Authorization', 'Bearer wrong']]), { localAddress: lockedOut })
  })

  it.each(kinds)('are all on the $name response ($status)', async ({ status, req, head, from }) => {
    const r = await rawExchange(h.port, req(), { head, localAddress: from })
    if (r.kind !== 'response') throw new Error(`closed without a response: ${r.received.toString('latin1')}`)
    expect(r.status).toBe(status)
    for (const [name, value] of Object.entries(securityHeaders)) expect(r.headers[name.toLowerCase()], name).toBe(value)
  })
})
