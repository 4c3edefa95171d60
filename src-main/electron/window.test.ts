// Unit tests of the Electron shell's security set-up. Electron's objects are replaced by small
// stand-ins (test/standIns.ts) because no Electron binary runs on these machines; the functions
// under test are the very ones main.ts calls.
import { describe, expect, it } from 'vitest'
import { contentSecurityPolicy } from '../core/csp'
import { appEntryUrl } from './appProtocol'
import { fakeSession, fakeShell, fakeWebContents } from './test/standIns'
import { hardenWebContents, secureSession, secureWebPreferences, withCsp } from './window'

function harden() {
  const wc = fakeWebContents()
  const shell = fakeShell()
  hardenWebContents(wc as never, shell)
  return { wc, opened: shell.opened }
}

describe('Electron window security', () => {
  it('isolates the renderer', () => {
    expect(secureWebPreferences('/p/preload.js')).toMatchObject({
      preload: '/p/preload.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false
    })
  })

  it('denies every new window and opens only allow-listed https links in the browser', () => {
    const { wc, opened } = harden()
    expect(wc.open('https://github.com/ingot-node/ingot')).toEqual({ action: 'deny' })
    expect(wc.open('https://evil.example/')).toEqual({ action: 'deny' })
    expect(wc.open('file:///etc/passwd')).toEqual({ action: 'deny' })
    expect(wc.open(appEntryUrl)).toEqual({ action: 'deny' })
    expect(opened).toEqual(['https://github.com/ingot-node/ingot'])
  })

  it('blocks navigation away from the app page, handing allowed links to the browser', () => {
    const { wc, opened } = harden()
    expect(wc.fire('will-navigate', 'https://example.com/phish')).toBe(true)
    expect(wc.fire('will-navigate', 'file:///etc/passwd')).toBe(true)
    expect(wc.fire('will-navigate', 'app://ingot/other.html')).toBe(true)
    expect(wc.fire('will-navigate', `${appEntryUrl}#/settings`)).toBe(false)
    expect(wc.fire('will-navigate', 'https://github.com/ingot-node/ingot/releases')).toBe(true)
    expect(opened).toEqual(['https://github.com/ingot-node/ingot/releases'])
  })

  it('blocks subframe navigations and redirects off the app, and every webview', () => {
    const { wc, opened } = harden()
    expect(wc.fire('will-frame-navigate', 'https://evil.example/')).toBe(true)
    expect(wc.fire('will-frame-navigate', appEntryUrl)).toBe(false)
    expect(wc.fire('will-redirect', 'http://127.0.0.1:9/')).toBe(true)
    expect(wc.fire('will-redirect', 'https://github.com/')).toBe(true)
    expect(wc.fire('will-attach-webview')).toBe(true)
    expect(opened).toEqual([])
  })

  it('adds the CSP to every response, keeping any policy the response had', () => {
    const { session, hooks } = fakeSession()
    secureSession(session)
    let response: unknown
    hooks.headers?.({ responseHeaders: { 'X-A': ['1'], 'content-security-policy': ["img-src 'none'"] } }, (r) => (response = r))
    expect(response).toEqual({ responseHeaders: { 'X-A': ['1'], 'Content-Security-Policy': ["img-src 'none'", contentSecurityPolicy] } })
    expect(withCsp(undefined)).toEqual({ 'Content-Security-Policy': [contentSecurityPolicy] })
  })

  it('denies every permission request, check and device', () => {
    const { session, hooks } = fakeSession()
    secureSession(session)
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'hid']) {
      let granted: boolean | undefined
      hooks.request?.({}, permission, (ok) => (granted = ok))
      expect(granted, permission).toBe(false)
      expect(hooks.check?.({}, permission), permission).toBe(false)
    }
    expect(hooks.device?.({ deviceType: 'usb' })).toBe(false)
  })
})
