import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_BODY_BYTES, MAX_JOB_UPLOADS } from './server'
import { authJson as auth, SECRETS, startHarness, TOKEN, type Harness } from './test/httpHarness'

let h: Harness
let port = 0
let core: Harness['core']
beforeAll(async () => {
  h = await startHarness()
  ;({ port, core } = h)
})
afterAll(() => h.close())

const send = (...a: Parameters<Harness['send']>) => h.send(...a)
const call = (...a: Parameters<Harness['call']>) => h.call(...a)

describe('headless HTTP server', () => {
  it('takes job bundles above the 1 MiB limit of other calls, a few uploads at a time', async () => {
    // Uploads that send half their body and wait hold their slots.
    const slow = Array.from({ length: MAX_JOB_UPLOADS }, () => {
      const req = request({ host: '127.0.0.1', port, path: '/api/jobs.submit', method: 'POST', headers: { ...auth, 'Content-Length': '2000000' } })
      req.on('error', () => {})
      req.write('[' + ' '.repeat(1_000_000))
      return req
    })
    await new Promise((r) => setTimeout(r, 200))
    const refused = await call('jobs.submit', '[{}]')
    expect(refused.status).toBe(409)
    expect(JSON.parse(refused.body).error.message).toMatch(/job uploads are already in progress/)
    slow.forEach((r) => r.destroy())
    await new Promise((r) => setTimeout(r, 200))
    // Over 1 MiB is fine for a bundle (it fails validation, not the size check).
    const big = await call('jobs.submit', JSON.stringify([{ pad: 'x'.repeat(MAX_BODY_BYTES + 10) }]))
    expect(big.status).toBe(400)
    expect(JSON.parse(big.body).error.code).toBe('E_BAD_INPUT')
  })

  it('serves health without a token', async () => {
    const r = await send('/api/health')
    expect(r.status).toBe(200)
    expect(JSON.parse(r.body)).toEqual({ ok: true, value: { status: 'ok', version: '9.9.9' } })
  })

  it('refuses API calls without the token (401) or with a wrong one', async () => {
    expect((await call('settings.get', '[]', { 'Content-Type': 'application/json' })).status).toBe(401)
    expect((await call('settings.get', '[]', { ...auth, Authorization: 'Bearer wrong' })).status).toBe(401)
    expect((await send('/api/events')).status).toBe(401)
  })

  it('refuses a foreign Host header (DNS rebinding) even with the token', async () => {
    const r = await call('settings.get', '[]', { ...auth, Host: 'attacker.example:80' })
    expect(r.status).toBe(403)
    expect(JSON.parse(r.body).error.code).toBe('E_FORBIDDEN')
    expect((await send('/', { headers: { Host: 'attacker.example' } })).status).toBe(403)
  })

  it('refuses cross-origin writes and non-JSON bodies', async () => {
    expect((await call('node.pause', '[]', { ...auth, Origin: 'http://evil.example' })).status).toBe(403)
    expect((await call('node.pause', '[]', { Authorization: auth.Authorization, 'Content-Type': 'text/plain' })).status).toBe(400)
    expect(await core.api['node.status']()).toMatchObject({ activity: 'waiting' })
  })

  it('answers calls with envelopes and 4xx for caller errors', async () => {
    const ok = await call('settings.update', '[{"idleMinutes":15}]')
    expect(ok.status).toBe(200)
    expect(JSON.parse(ok.body)).toMatchObject({ ok: true, value: { idleMinutes: 15 } })

    const bad = await call('settings.update', '[{"idleMinutes":-1}]')
    expect(bad.status).toBe(400)
    expect(JSON.parse(bad.body)).toEqual({ ok: false, error: { code: 'E_BAD_INPUT', field: 'idleMinutes', message: 'idleMinutes: must be at least 1 minute' } })

    expect((await call('settings.get', '{not json')).status).toBe(400)
    expect((await call('no.such', '[]')).status).toBe(404)
    expect((await send('/api/settings.get', { headers: auth })).status).toBe(404)
    expect(JSON.parse((await call('settings.get', '')).body)).toMatchObject({ ok: true })
  })

  it('answers an oversize body with 413 before reading it, and keeps serving', async () => {
    // Declared too large: refused from the headers alone.
    const declared = await send('/api/settings.update', { method: 'POST', headers: { ...auth, 'Content-Length': String(MAX_BODY_BYTES + 1) } })
    expect(declared.status).toBe(413)
    expect(JSON.parse(declared.body)).toEqual({ ok: false, error: { code: 'E_TOO_LARGE', message: `Request body is over ${MAX_BODY_BYTES} bytes.` } })
    // Chunked past the cap: the answer may race the upload, but nothing is written and the node serves on.
    const big = `[{"displayCurrency":"${'x'.repeat(MAX_BODY_BYTES)}"}]`
    const chunked = await call('settings.update', big, { ...auth, 'Transfer-Encoding': 'chunked' }).catch((e: NodeJS.ErrnoException) => e.code)
    if (typeof chunked === 'object') expect(chunked.status).toBe(413)
    else expect(chunked).toMatch(/ECONNRESET|EPIPE/)
    expect((await call('settings.get', '[]')).status).toBe(200)
    expect((await core.api['settings.get']()).displayCurrency).toBe('USD')
  })

  it('sets an HttpOnly cookie from ?token= and drops the token from the URL', async () => {
    const r = await send(`/?token=${TOKEN}`)
    expect(r.status).toBe(303)
    expect(r.headers.location).toBe('/')
    expect(String(r.headers['set-cookie'])).toMatch(/^ingot_token=test-token-0123456789abcdef; HttpOnly; SameSite=Strict; Path=\//)
    const wrong = await send('/?token=nope')
    expect(wrong.status).toBe(303)
    expect(wrong.headers['set-cookie']).toBeUndefined()
    const withCookie = await call('settings.get', '[]', { Cookie: `ingot_token=${TOKEN}`, 'Content-Type': 'application/json' })
    expect(withCookie.status).toBe(200)
  })

  it('serves the UI to holders of the token, with security headers, and never outside its folder', async () => {
    const cookie = { Cookie: `ingot_token=${TOKEN}` }
    const index = await send('/', { headers: cookie })
    expect(index.status).toBe(200)
    expect(index.headers['content-type']).toMatch(/text\/html/)
    expect(index.headers['content-security-policy']).toMatch(/default-src 'self'/)
    expect(index.headers['x-frame-options']).toBe('DENY')
    expect((await send('/assets/app.js', { headers: cookie })).headers['cache-control']).toMatch(/immutable/)
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..%2frenderer2/index.html', '/%E0%A4%A', '/nothing.js']) {
      const r = await send(path, { headers: cookie })
      expect(r.status, path).toBe(404)
      for (const secret of SECRETS) expect(r.body).not.toContain(secret)
    }
  })

  it('streams core events over SSE', async () => {
    const events: string[] = []
    const done = new Promise<void>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/api/events', headers: { Authorization: auth.Authorization } }, (res) => {
        expect(res.headers['content-type']).toMatch(/text\/event-stream/)
        res.on('data', (c: Buffer) => {
          events.push(c.toString())
          if (events.join('').includes('event: node.status')) {
            req.destroy()
            resolve()
          }
        })
        void core.api['node.pause']()
      })
      req.on('error', reject)
      req.end()
    })
    await done
    const frame = events.join('')
    expect(frame).toMatch(/event: node.status\ndata: \{"activity":"paused"/)
    await core.api['node.resume']()
  })
})
