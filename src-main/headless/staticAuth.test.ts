import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { APP_JS, INDEX_HTML, startHarness, TOKEN, type Harness } from './test/httpHarness'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h.close())

describe('static UI behind the token', () => {
  it.each(['/', '/index.html', '/assets/app.js', '/favicon.ico', '/no/such/page'])('refuses %s without the token: a script-free page that says what to open', async (path) => {
    const r = await h.send(path)
    expect(r.status).toBe(401)
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(r.body).toContain("<h1>This page needs the node's access token</h1>")
    expect(r.body).toContain('/?token=')
    expect(r.body).not.toMatch(/<script|javascript:|\son\w+=/i)
    expect(r.body).not.toContain(INDEX_HTML)
    expect(r.body).not.toContain(APP_JS)
  })

  it('answers HEAD like GET, without a body, with and without the token', async () => {
    const anon = await h.send('/', { method: 'HEAD' })
    expect(anon.status).toBe(401)
    expect(anon.body).toBe('')
    expect(Number(anon.headers['content-length'])).toBeGreaterThan(100)
    const withToken = await h.send('/assets/app.js', { method: 'HEAD', headers: { Authorization: `Bearer ${TOKEN}` } })
    expect(withToken.status).toBe(200)
    expect(withToken.body).toBe('')
    expect(withToken.headers['content-length']).toBe(String(APP_JS.length))
  })

  it('logs a browser in through /?token=: cookie, 303 to /, then the app', async () => {
    const login = await h.send(`/?token=${TOKEN}`)
    expect(login.status).toBe(303)
    expect(login.headers.location).toBe('/')
    const cookie = String(login.headers['set-cookie']).split(';')[0]!
    const app = await h.send('/', { headers: { Cookie: cookie } })
    expect(app.status).toBe(200)
    expect(app.body).toBe(INDEX_HTML)
    expect((await h.send('/assets/app.js', { headers: { Cookie: cookie } })).body).toBe(APP_JS)
    expect((await h.send(`/?token=${TOKEN}`, { method: 'HEAD' })).status).toBe(303)
  })

  it('takes the bearer header as well as the cookie', async () => {
    expect((await h.send('/', { headers: { Authorization: `Bearer ${TOKEN}` } })).body).toBe(INDEX_HTML)
  })

  it('tells a browser with a stale cookie to drop it, so its next requests stop counting as guesses', async () => {
    const r = await h.send('/', { headers: { Cookie: 'ingot_token=an-old-token-from-before' } })
    expect(r.status).toBe(401)
    expect(String(r.headers['set-cookie'])).toBe('ingot_token=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0')
    // Without a cookie there is nothing to clear.
    expect((await h.send('/')).headers['set-cookie']).toBeUndefined()
  })

  it('refuses writes to static paths even with the token (404), and without it (401)', async () => {
    expect((await h.send('/index.html', { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(404)
    expect((await h.send('/index.html', { method: 'POST' })).status).toBe(401)
  })
})
