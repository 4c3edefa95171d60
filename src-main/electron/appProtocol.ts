import { readFile } from 'node:fs/promises'
import { extname } from 'node:path'
import type { CustomScheme } from 'electron'
import { contentSecurityPolicy } from '../core/csp'
import { contentTypes, resolveStaticPath } from '../headless/staticFiles'

// The renderer is served from app://ingot/ rather than file://: a page on file:// could read any
// file the user can, and every file:// page shares one origin. A standard, secure scheme gives the
// app its own origin, which CSP 'self' and the IPC sender check can name.
export const appScheme = 'app'
export const appHost = 'ingot'
export const appOrigin = `${appScheme}://${appHost}`
export const appEntryUrl = `${appOrigin}/index.html`

/**
 * Registered before `ready`. No bypassCSP (the page's CSP applies), no corsEnabled (nothing
 * outside app://ingot may read it), no service workers.
 */
export const appSchemePrivileges: CustomScheme = {
  scheme: appScheme,
  privileges: { standard: true, secure: true, supportFetchAPI: true }
}

/** True when url is the app's page (any hash or query): app://ingot/index.html. */
export function isAppUrl(url: string): boolean {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return false
  }
  // Electron canonicalises a standard scheme's host to lower case; Node's URL does not.
  return u.protocol === `${appScheme}:` && u.host.toLowerCase() === appHost && !u.username && !u.password && u.pathname === '/index.html'
}


const baseHeaders = {
  'Content-Security-Policy': contentSecurityPolicy,
  // Without it an unknown file served as octet-stream could still be sniffed into a script.
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-cache'
}

/** What app://ingot answers, decided without touching the disk. */
export type AppResponse = { status: 200; file: string; headers: Record<string, string> } | { status: 400 | 403 | 405; headers: Record<string, string> }

/** Maps one request to a file inside rendererDir (an absolute, normalised path) or a refusal. */
export function appResponseFor(method: string, url: string, rendererDir: string): AppResponse {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return { status: 400, headers: baseHeaders }
  }
  if (u.protocol !== `${appScheme}:` || u.host.toLowerCase() !== appHost || u.username || u.password) return { status: 403, headers: baseHeaders }
  if (method !== 'GET' && method !== 'HEAD') return { status: 405, headers: { ...baseHeaders, Allow: 'GET, HEAD' } }
  const file = resolveStaticPath(rendererDir, u.pathname)
  if (!file) return { status: 403, headers: baseHeaders }
  return { status: 200, file, headers: { ...baseHeaders, 'Content-Type': contentTypes[extname(file).toLowerCase()] ?? 'application/octet-stream' } }
}

type ReadFile = (path: string) => Promise<Uint8Array>

/** The `protocol.handle` callback: serves the built renderer and nothing else. */
export function appProtocolHandler(rendererDir: string, read: ReadFile = readFile): (request: Request) => Promise<Response> {
  return async (request) => {
    const r = appResponseFor(request.method, request.url, rendererDir)
    if (r.status !== 200) return new Response(null, { status: r.status, headers: r.headers })
    // A directory or a missing file both fail to read: 404 either way.
    const body = await read(r.file).catch(() => null)
    if (!body) return new Response(null, { status: 404, headers: baseHeaders })
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers: { ...r.headers, 'Content-Length': String(body.byteLength) } })
  }
}
