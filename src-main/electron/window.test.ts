// Unit tests of the Electron shell's security set-up. Electron's objects are replaced by small
// stand-ins (labelled below) because no Electron binary runs on these machines; the functions
// under test are the very ones main.ts calls.
import { describe, expect, it } from 'vitest'
import { contentSecurityPolicy } from '../core/csp'
import { hardenWebContents, isAppUrl, secureSession, secureWebPreferences } from './window'

const appUrl = 'file:///opt/ingot/out/renderer/index.html'

/** Stand-in for Electron's WebContents: records handlers so the test can fire events. */
function fakeWebContents() {
  const handlers = new Map<string, (...a: unknown[]) => void>()
  let openHandler: ((d: { url: string }) => { action: string }) | undefined
  return {
    setWindowOpenHandler: (h: typeof openHandler) => void (openHandler = h),
    on: (name: string, h: (...a: unknown[]) => void) => void handlers.set(name, h),
    open: (url: string) => openHandler?.({ url }),
    fire(name: string, url?: string) {
      let prevented = false
      handlers.get(name)?.({ preventDefault: () => void (prevented = true) }, url)
      return prevented
    }
  }
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
      webviewTag: false
    })
  })

  it('denies new windows and blocks navigation away from the app', () => {
    const wc = fakeWebContents()
    hardenWebContents(wc as never, appUrl)
    expect(wc.open('https://example.com')).toEqual({ action: 'deny' })
    expect(wc.fire('will-navigate', 'https://example.com/phish')).toBe(true)
    expect(wc.fire('will-navigate', 'file:///etc/passwd')).toBe(true)
    expect(wc.fire('will-navigate', `${appUrl}#/settings`)).toBe(false)
    expect(wc.fire('will-redirect', 'http://127.0.0.1:9/')).toBe(true)
    expect(wc.fire('will-attach-webview')).toBe(true)
  })

  it('recognises only the app page as the app', () => {
    expect(isAppUrl(`${appUrl}#/jobs`, appUrl)).toBe(true)
    expect(isAppUrl('file:///opt/ingot/out/renderer/other.html', appUrl)).toBe(false)
    expect(isAppUrl('not a url', appUrl)).toBe(false)
  })

  it('adds the CSP to every response and denies permissions', () => {
    // Stand-in for Electron's Session.
    let headersHook: ((d: { responseHeaders?: Record<string, string[]> }, cb: (r: unknown) => void) => void) | undefined
    let requestHook: ((wc: unknown, perm: string, cb: (ok: boolean) => void) => void) | undefined
    let checkHook: (() => boolean) | undefined
    secureSession({
      webRequest: { onHeadersReceived: ((h: typeof headersHook) => void (headersHook = h)) as never },
      setPermissionRequestHandler: ((h: typeof requestHook) => void (requestHook = h)) as never,
      setPermissionCheckHandler: ((h: typeof checkHook) => void (checkHook = h)) as never
    })
    let response: unknown
    headersHook?.({ responseHeaders: { 'X-A': ['1'] } }, (r) => (response = r))
    expect(response).toEqual({ responseHeaders: { 'X-A': ['1'], 'Content-Security-Policy': [contentSecurityPolicy] } })
    let granted: boolean | undefined
    requestHook?.({}, 'media', (ok) => (granted = ok))
    expect(granted).toBe(false)
    expect(checkHook?.()).toBe(false)
  })
})
