// Electron's security checklist (https://www.electronjs.org/docs/latest/tutorial/security), one
// test per item, each checked through the functions main.ts and the preload really use, so a change
// that breaks an item fails a test named after it. Electron objects are stand-ins
// (test/standIns.ts; `electron` itself is mocked for the preload), as no Electron binary runs here.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { ipcChannel, methodNames } from '../../src-preload/methods'
import { contentSecurityPolicy } from '../core/csp'
import { appEntryUrl, appProtocolHandler, appSchemePrivileges } from './appProtocol'
import { registerIpc } from './ipc'
import { isTrustedSender } from './ipcSender'
import { fakeSession, fakeShell, fakeWebContents } from './test/standIns'
import { beforeReady, hardenWebContents, secureSession, secureWebPreferences } from './window'

const root = join(__dirname, '../..')
const prefs = secureWebPreferences('/app/out/preload/index.js')
const cspDirectives = new Map(contentSecurityPolicy.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]))
const readJson = <T>(path: string) => JSON.parse(readFileSync(join(root, path), 'utf8')) as T

// Electron's own module, mocked so the real preload script can run and show what it exposes.
const preload = vi.hoisted(() => ({ exposed: new Map<string, unknown>(), invoked: [] as string[] }))
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => preload.exposed.set(key, api) },
  ipcRenderer: { invoke: (channel: string) => (preload.invoked.push(channel), Promise.resolve()), on: () => undefined, removeListener: () => undefined }
}))

function hardened() {
  const wc = fakeWebContents()
  const shell = fakeShell()
  hardenWebContents(wc as never, shell)
  return { wc, opened: shell.opened }
}

describe('Electron security checklist', () => {
  it('1. only secure content: the page comes from app://, a secure scheme, and loads nothing from elsewhere', () => {
    expect(new URL(appEntryUrl).protocol).toBe('app:')
    expect(appSchemePrivileges.privileges?.secure).toBe(true)
    for (const [name, values] of cspDirectives) {
      expect(values.filter((v) => /^(https?:|\*|ws:|wss:)/.test(v)), name).toEqual([])
    }
  })

  it('2. no Node.js integration in the renderer, its workers or subframes', () => {
    expect(prefs).toMatchObject({ nodeIntegration: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false })
  })

  it('3. context isolation', () => {
    expect(prefs.contextIsolation).toBe(true)
  })

  it('4. process sandboxing, for the window and (app.enableSandbox) for every renderer', () => {
    expect(prefs.sandbox).toBe(true)
    const calls: string[] = []
    beforeReady({ enableSandbox: () => void calls.push('enableSandbox') }, { registerSchemesAsPrivileged: () => void calls.push('registerSchemes') })
    expect(calls).toContain('enableSandbox')
  })

  it('5. permission requests and checks denied', () => {
    const { session, hooks } = fakeSession()
    secureSession(session)
    let granted: boolean | undefined
    hooks.request?.({}, 'media', (ok) => (granted = ok))
    expect(granted).toBe(false)
    expect(hooks.check?.({}, 'geolocation')).toBe(false)
    expect(hooks.device?.({})).toBe(false)
  })

  it('6. webSecurity stays on', () => {
    expect(prefs.webSecurity).toBe(true)
  })

  it('7. a Content-Security-Policy on every app:// response and every other response', async () => {
    expect(cspDirectives.get('default-src')).toEqual(["'self'"])
    expect(cspDirectives.get('script-src')).toEqual(["'self'"])
    expect(cspDirectives.get('object-src')).toEqual(["'none'"])
    const res = await appProtocolHandler('/nonexistent-renderer-dir')(new Request(appEntryUrl))
    expect(res.headers.get('content-security-policy')).toBe(contentSecurityPolicy)
    const { session, hooks } = fakeSession()
    secureSession(session)
    let headers: Record<string, string[]> | undefined
    hooks.headers?.({ responseHeaders: {} }, (r) => (headers = r.responseHeaders))
    expect(headers?.['Content-Security-Policy']).toEqual([contentSecurityPolicy])
  })

  it('8. allowRunningInsecureContent off', () => {
    expect(prefs.allowRunningInsecureContent).toBe(false)
  })

  it('9. no experimental features', () => {
    expect(prefs.experimentalFeatures ?? false).toBe(false)
  })

  it('10. no enableBlinkFeatures', () => {
    expect(prefs.enableBlinkFeatures).toBeUndefined()
  })

  it('11–12. <webview> disabled, and any attempt to attach one is refused', () => {
    expect(prefs.webviewTag).toBe(false)
    expect(hardened().wc.fire('will-attach-webview')).toBe(true)
  })

  it('13. navigation limited to the app page', () => {
    const { wc } = hardened()
    expect(wc.fire('will-navigate', 'https://evil.example/')).toBe(true)
    expect(wc.fire('will-frame-navigate', 'https://evil.example/')).toBe(true)
    expect(wc.fire('will-redirect', 'https://evil.example/')).toBe(true)
    expect(wc.fire('will-navigate', `${appEntryUrl}#/jobs`)).toBe(false)
  })

  it('14. new windows denied', () => {
    const { wc } = hardened()
    expect(wc.open(appEntryUrl)).toEqual({ action: 'deny' })
    expect(wc.open('https://github.com/')).toEqual({ action: 'deny' })
  })

  it('15. shell.openExternal only for allow-listed https URLs', () => {
    const { wc, opened } = hardened()
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'http://github.com/', 'https://github.com@evil.example/', 'https://github.com.evil.example/', 'smb://github.com/x']) {
      wc.open(url)
      wc.fire('will-navigate', url)
    }
    expect(opened).toEqual([])
    wc.open('https://github.com/ingot-node/ingot')
    expect(opened).toEqual(['https://github.com/ingot-node/ingot'])
  })

  it('16. a current Electron: the installed one is the declared major, at or above the supported floor', () => {
    // Raise the floor with each Electron upgrade; Electron supports only its latest three majors.
    const floor = 45
    const installed = readJson<{ version: string }>('node_modules/electron/package.json').version
    const declared = readJson<{ devDependencies: Record<string, string> }>('package.json').devDependencies.electron!
    expect(Number(installed.split('.')[0])).toBeGreaterThanOrEqual(floor)
    expect(declared.replace(/^[\^~]/, '').split('.')[0]).toBe(installed.split('.')[0])
  })

  it('17. every IPC sender is validated before the core sees the call', async () => {
    const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>()
    const dispatched: string[] = []
    const main = { id: 1 }
    registerIpc({ handle: (c: string, h: never) => void handlers.set(c, h), removeHandler: () => undefined } as never, { dispatch: (m: string) => (dispatched.push(m), Promise.resolve({ ok: true })) } as never, (e) =>
      isTrustedSender(e, main as never)
    )
    const call = handlers.get(ipcChannel('settings.get'))!
    const subframe = { sender: main, senderFrame: { url: appEntryUrl, parent: {}, detached: false } }
    expect(await call(subframe)).toMatchObject({ ok: false, error: { code: 'E_FORBIDDEN' } })
    expect(dispatched).toEqual([])
    await call({ sender: main, senderFrame: { url: appEntryUrl, parent: null, detached: false } })
    expect(dispatched).toEqual(['settings.get'])
  })

  it('18. a custom protocol instead of file://, registered before ready', () => {
    const registered: unknown[] = []
    beforeReady({ enableSandbox: () => undefined }, { registerSchemesAsPrivileged: (s) => void registered.push(...s) })
    expect(registered).toEqual([appSchemePrivileges])
    expect(appSchemePrivileges.privileges).not.toHaveProperty('bypassCSP')
    const { wc } = hardened()
    expect(wc.fire('will-navigate', 'file:///opt/ingot/out/renderer/index.html')).toBe(true)
  })

  it('19. fuses flipped at packaging (each one is checked in builderConfig.test.ts)', () => {
    const { electronFuses, asar } = readJson<{ electronFuses: Record<string, boolean>; asar: boolean }>('electron-builder.json')
    expect(asar).toBe(true)
    expect(electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      grantFileProtocolExtraPrivileges: false
    })
  })

  it('20. no Electron API exposed to the page: the preload gives one function per contract method', async () => {
    await import('../../src-preload/index')
    expect([...preload.exposed.keys()]).toEqual(['ingot'])
    const api = preload.exposed.get('ingot') as Record<string, unknown>
    expect(Object.keys(api).sort()).toEqual([...methodNames, 'on'].sort())
    expect(Object.values(api).every((v) => typeof v === 'function')).toBe(true)
    await (api['node.pause'] as () => Promise<unknown>)()
    expect(preload.invoked).toEqual([ipcChannel('node.pause')])
    expect(() => (api.on as (e: string, l: () => void) => void)('not.an.event', () => undefined)).toThrow(/Unknown event/)
  })
})
