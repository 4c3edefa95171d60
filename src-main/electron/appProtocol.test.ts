// The app:// handler is exercised with real files in a temp dir and Node's own Request/Response
// (the same classes Electron hands to protocol.handle), so no Electron binary is needed.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { contentSecurityPolicy } from '../core/csp'
import { appEntryUrl, appProtocolHandler, appResponseFor, appSchemePrivileges, isAppUrl } from './appProtocol'

function fixtureDirs() {
  const base = mkdtempSync(join(tmpdir(), 'ingot-app-protocol-'))
  const renderer = join(base, 'renderer')
  mkdirSync(join(renderer, 'assets'), { recursive: true })
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Ingot</title>')
  writeFileSync(join(renderer, 'assets', 'index-abc.js'), 'console.log(1)')
  writeFileSync(join(renderer, 'assets', 'font.ttf'), 'ttf')
  // A file next to the renderer dir that no request may reach.
  writeFileSync(join(base, 'secret.txt'), 'SECRET')
  return { base, renderer }
}

describe('app:// protocol', () => {
  it('is registered as a standard, secure, fetch-capable scheme that does not bypass CSP or CORS', () => {
    expect(appSchemePrivileges).toEqual({ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } })
  })

  it('serves the page and its assets with the CSP, nosniff and the right content types', async () => {
    const { renderer } = fixtureDirs()
    const handle = appProtocolHandler(renderer)
    const page = await handle(new Request(appEntryUrl))
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(page.headers.get('content-security-policy')).toBe(contentSecurityPolicy)
    expect(page.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await page.text()).toContain('<title>Ingot</title>')
    expect((await handle(new Request('app://ingot/'))).status).toBe(200)
    const script = await handle(new Request('app://ingot/assets/index-abc.js?v=1'))
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(await script.text()).toBe('console.log(1)')
    expect((await handle(new Request('app://ingot/assets/font.ttf'))).headers.get('content-type')).toBe('application/octet-stream')
    const head = await handle(new Request('app://ingot/assets/index-abc.js', { method: 'HEAD' }))
    expect(head.headers.get('content-length')).toBe('14')
    expect(await head.text()).toBe('')
  })

  it('never serves a file outside the renderer dir', async () => {
    const { renderer } = fixtureDirs()
    const handle = appProtocolHandler(renderer)
    for (const path of ['..%2fsecret.txt', '%2e%2e/secret.txt', '..%2f..%2f..%2f..%2fetc%2fpasswd', 'assets/..%2f..%2fsecret.txt', '..%5csecret.txt', 'index.html%00.js']) {
      const res = await handle(new Request(`app://ingot/${path}`))
      expect(res.status, path).toBeGreaterThanOrEqual(400)
      expect(await res.text(), path).not.toContain('SECRET')
    }
    // ../ is folded into the root before the file is read, so the lookup stays inside it.
    expect(appResponseFor('GET', 'app://ingot/..%2fsecret.txt', renderer)).toMatchObject({ status: 200, file: join(renderer, 'secret.txt') })
    expect(appResponseFor('GET', 'app://ingot/%E0%A4%A', renderer).status).toBe(403)
  })

  it('refuses other hosts, credentials, writes, missing files and directories', async () => {
    const { renderer } = fixtureDirs()
    const handle = appProtocolHandler(renderer)
    expect((await handle(new Request('app://evil/index.html'))).status).toBe(403)
    // Node's Request refuses credentials outright; Electron's might not, so the rule is checked directly.
    expect(appResponseFor('GET', 'app://user:pw@ingot/index.html', renderer).status).toBe(403)
    const post = await handle(new Request(appEntryUrl, { method: 'POST', body: 'x' }))
    expect(post.status).toBe(405)
    expect(post.headers.get('allow')).toBe('GET, HEAD')
    expect((await handle(new Request('app://ingot/nope.js'))).status).toBe(404)
    const dir = await handle(new Request('app://ingot/assets/'))
    expect(dir.status).toBe(404)
    expect(dir.headers.get('content-security-policy')).toBe(contentSecurityPolicy)
    expect(appResponseFor('GET', 'not a url', renderer).status).toBe(400)
    expect(appResponseFor('GET', 'file:///etc/passwd', renderer).status).toBe(403)
  })

  it('recognises only app://ingot/index.html as the app page', () => {
    expect(isAppUrl(appEntryUrl)).toBe(true)
    expect(isAppUrl(`${appEntryUrl}#/jobs`)).toBe(true)
    expect(isAppUrl('app://INGOT/index.html')).toBe(true)
    for (const url of ['app://ingot/other.html', 'app://evil/index.html', 'app://x@ingot/index.html', 'file:///opt/ingot/out/renderer/index.html', 'https://ingot/index.html', 'not a url', '']) {
      expect(isAppUrl(url), url).toBe(false)
    }
  })

  // The real build: every script and stylesheet index.html names must load through app://.
  const built = join(__dirname, '../../out/renderer')
  it.skipIf(!existsSync(join(built, 'index.html')))('serves every asset the built index.html references (needs electron-vite build)', async () => {
    const html = readFileSync(join(built, 'index.html'), 'utf8')
    const refs = [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="([^"]+)"/g)].map((m) => m[1]!).filter((r) => !r.startsWith('data:'))
    expect(refs.length).toBeGreaterThanOrEqual(2)
    const handle = appProtocolHandler(built)
    for (const ref of refs) {
      const url = new URL(ref, appEntryUrl)
      expect(url.href.startsWith('app://ingot/assets/'), ref).toBe(true)
      const res = await handle(new Request(url.href))
      expect(res.status, ref).toBe(200)
      expect(res.headers.get('content-type'), ref).toMatch(/^text\/(javascript|css)/)
    }
  })
})
