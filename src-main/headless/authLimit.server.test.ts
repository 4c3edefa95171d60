import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { manualClock } from '../core/test/tempCore'
import { AUTH_LIMIT } from './authLimiter'
import { startHarness, TOKEN, type Harness } from './test/httpHarness'

const clock = manualClock()
let h: Harness
beforeAll(async () => {
  h = await startHarness({ authLimit: { clock } })
})
afterAll(() => h.close())

/** Linux routes all of 127/8 to loopback: each test speaks from its own client address. */
function from(localAddress: string, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: h.port, path, localAddress, headers: { Host: `127.0.0.1:${h.port}`, ...headers } }, (res) => {
      let body = ''
      res.on('data', (c: Buffer) => (body += c.toString()))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end()
  })
}
const bearer = (t: string) => ({ Authorization: `Bearer ${t}` })
const good = bearer(TOKEN)

describe('lockout after wrong tokens', () => {
  it(`answers 429 with Retry-After after ${AUTH_LIMIT.maxFailures} wrong tokens, refuses even the right one until it ends, never limits health`, async () => {
    const ip = '127.0.0.11'
    for (let i = 0; i < AUTH_LIMIT.maxFailures; i++) expect((await from(ip, '/api/node.status', bearer(`guess-${i}`))).status).toBe(401)
    const locked = await from(ip, '/api/node.status', good)
    expect(locked.status).toBe(429)
    expect(locked.headers['retry-after']).toBe(String(AUTH_LIMIT.lockoutMs / 1000))
    expect(JSON.parse(locked.body)).toMatchObject({ ok: false, error: { code: 'E_RATE_LIMITED' } })
    expect((await from(ip, '/', good)).status).toBe(429)
    expect((await from(ip, `/?token=${TOKEN}`)).status).toBe(429)
    expect((await from(ip, '/api/health')).status).toBe(200)
    // Another address is untouched.
    expect((await from('127.0.0.12', '/api/node.status', good)).status).toBe(404)

    clock.advance(AUTH_LIMIT.lockoutMs - 60_000)
    expect((await from(ip, '/api/health')).status).toBe(200)
    expect((await from(ip, '/metrics', good)).headers['retry-after']).toBe('60')
    clock.advance(60_000)
    expect((await from(ip, '/metrics', good)).status).toBe(200)
  })

  it('counts wrong ?token= logins and wrong cookies too', async () => {
    const ip = '127.0.0.13'
    for (let i = 0; i < AUTH_LIMIT.maxFailures / 2; i++) expect((await from(ip, `/?token=guess-${i}`)).status).toBe(303)
    for (let i = 0; i < AUTH_LIMIT.maxFailures / 2; i++) expect((await from(ip, '/', { Cookie: `ingot_token=guess-${i}` })).status).toBe(401)
    expect((await from(ip, `/?token=${TOKEN}`)).status).toBe(429)
    clock.advance(AUTH_LIMIT.lockoutMs)
  })

  it('does not count requests that carry no token (a first visit, a favicon)', async () => {
    const ip = '127.0.0.14'
    for (let i = 0; i < AUTH_LIMIT.maxFailures * 3; i++) expect((await from(ip, i % 2 ? '/favicon.ico' : '/api/settings.get')).status).toBe(401)
    expect((await from(ip, '/metrics', good)).status).toBe(200)
  })
})

describe('requests other sites make a browser send', () => {
  it('refuses wrong tokens from cross-site requests without counting them, so a web page cannot lock the owner out', async () => {
    const ip = '127.0.0.15'
    for (let i = 0; i < AUTH_LIMIT.maxFailures * 2; i++) expect((await from(ip, `/?token=guess-${i}`, { 'Sec-Fetch-Site': 'cross-site' })).status).toBe(303)
    expect((await from(ip, '/api/node.status', good)).status).toBe(404)
  })

  it('answers a request with two Host headers 400, whatever the first one says', async () => {
    const r = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: h.port, path: '/api/health', headers: [['Host', `127.0.0.1:${h.port}`], ['Host', 'evil.example']] as never }, (res) => {
        res.resume()
        resolve(res.statusCode ?? 0)
      })
      req.on('error', reject)
      req.end()
    })
    expect(r).toBe(400)
  })
})
