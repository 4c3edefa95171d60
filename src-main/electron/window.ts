import type { App, Protocol, Session, Shell, WebContents, WebPreferences } from 'electron'
import { contentSecurityPolicy } from '../core/csp'
import { appSchemePrivileges, isAppUrl } from './appProtocol'
import { openIfAllowed } from './externalLinks'

/**
 * What must happen before `ready`: every renderer sandboxed whatever its preferences say, and
 * app:// registered with its privileges.
 */
export function beforeReady(app: Pick<App, 'enableSandbox'>, protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  app.enableSandbox()
  protocol.registerSchemesAsPrivileged([appSchemePrivileges])
}

/** The only web preferences the app window ever gets. */
export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false
  }
}

type Hardenable = Pick<WebContents, 'setWindowOpenHandler' | 'on'>

/**
 * No new windows, no navigation away from the app page (top frame or subframe), no webviews.
 * A link to an allow-listed https site opens in the user's browser instead.
 */
export function hardenWebContents(contents: Hardenable, shell: Pick<Shell, 'openExternal'>): void {
  contents.setWindowOpenHandler(({ url }) => {
    openIfAllowed(shell, url)
    return { action: 'deny' }
  })
  contents.on('will-navigate', (event) => {
    if (isAppUrl(event.url)) return
    event.preventDefault()
    openIfAllowed(shell, event.url)
  })
  contents.on('will-frame-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault()
  })
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
}

/**
 * Response headers with the app's CSP added. A policy the response brought stays too: a browser
 * enforces every policy, so adding can only narrow what the page may do.
 */
export function withCsp(headers: Record<string, string[]> = {}): Record<string, string[]> {
  const isCsp = (name: string) => name.toLowerCase() === 'content-security-policy'
  const theirs = Object.entries(headers).filter(([name]) => isCsp(name)).flatMap(([, v]) => v)
  const rest = Object.entries(headers).filter(([name]) => !isCsp(name))
  return { ...Object.fromEntries(rest), 'Content-Security-Policy': [...theirs, contentSecurityPolicy] }
}

type SecurableSession = {
  webRequest: Pick<Session['webRequest'], 'onHeadersReceived'>
} & Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'>

/**
 * The app needs no web permission (camera, geolocation, notifications from the page, HID, USB,
 * serial…): every request and check is denied. app:// responses carry the CSP themselves; this
 * adds it to any other response the session sees.
 */
export function secureSession(session: SecurableSession): void {
  session.webRequest.onHeadersReceived((details, callback) => callback({ responseHeaders: withCsp(details.responseHeaders) }))
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
  session.setDevicePermissionHandler(() => false)
}
