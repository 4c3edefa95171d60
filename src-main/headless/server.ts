import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { ErrorBody } from '../../src-preload/contract'
import type { Core } from '../core/app'
import { httpStatus, IngotError } from '../core/errors'
import type { Log } from '../core/log'
import { COOKIE_NAME, hostAllowed, originAllowed, parseCookies, requestToken, tokenMatches } from './auth'
import { createAuthLimiter, type AuthLimitOptions } from './authLimiter'
import { answerClientError, securityHeaders } from './securityHeaders'
import { createSseHub, MAX_SSE_CLIENTS } from './sse'
import { serveStatic } from './staticFiles'
import { tokenRequiredPage } from './tokenPage'
import { LIMITS } from '../core/jobs/bundle'

export const MAX_BODY_BYTES = 1024 * 1024
export const MAX_JOB_UPLOADS = 2
/** Job bundles carry models and tensors: they get the bundle limit (plus the array around it). */
const bodyLimit = (method: string): number => (method === 'jobs.submit' ? LIMITS.bundleBytes + 1024 : MAX_BODY_BYTES)

export interface ServerOptions {
  core: Core
  token: string
  log: Log
  /** Built renderer (out/renderer). */
  staticDir: string
  version: string
  /** Extra Host names to accept besides localhost, loopback and the bound address. */
  allowedHosts?: readonly string[]
  /** Lockout after wrong tokens (defaults: AUTH_LIMIT); tests pass a clock. */
  authLimit?: AuthLimitOptions
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(text) })
  res.end(text)
}

function sendError(res: ServerResponse, error: ErrorBody): void {
  sendJson(res, httpStatus[error.code], { ok: false, error })
}

function readBody(req: IncomingMessage, max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'])
    if (declared > max) return reject(tooLarge(max))
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > max) {
        req.removeAllListeners('data')
        req.pause()
        reject(tooLarge(max))
      } else chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

const tooLarge = (max: number) => new IngotError('E_TOO_LARGE', `Request body is over ${max} bytes.`)

/** The headless shell's HTTP face: API, SSE, health and the static UI, all on one port. */
export function createHttpServer(options: ServerOptions) {
  const { core, token, log, staticDir, version } = options
  const allowedHosts = (options.allowedHosts ?? []).map((h) => h.toLowerCase())
  const sse = createSseHub(core.events)
  const limiter = createAuthLimiter(options.authLimit)
  let boundHost = '127.0.0.1'
  let jobUploads = 0

  /** Only for requests that carried the token. */
  async function handleApi(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (path === '/api/events' && req.method === 'GET') {
      if (!sse.attach(res)) sendError(res, { code: 'E_BUSY', message: `Too many open event streams (${MAX_SSE_CLIENTS}); close some pages.` })
      return
    }
    if (path === '/api/metrics' && req.method === 'GET') return sendMetrics(res)
    const method = path.slice('/api/'.length)
    if (req.method !== 'POST' || method === '' || method.includes('/')) {
      return sendError(res, { code: 'E_NOT_FOUND', message: `No such endpoint: ${req.method} ${path}` })
    }
    if (!originAllowed(req.headers.origin, req.headers.host)) {
      return sendError(res, { code: 'E_FORBIDDEN', message: 'Cross-origin requests are refused.' })
    }
    // A JSON content type cannot be sent cross-site without a preflight, which is never granted.
    if (!req.headers['content-type']?.toLowerCase().startsWith('application/json')) {
      return sendError(res, { code: 'E_BAD_INPUT', message: 'Content-Type must be application/json.' })
    }
    if (method !== 'jobs.submit') return answer(req, res, method)
    // Each job upload may hold tens of megabytes while it is read and checked: a few at a time.
    if (jobUploads >= MAX_JOB_UPLOADS) {
      res.setHeader('Connection', 'close')
      res.on('finish', () => req.socket.destroy())
      return sendError(res, { code: 'E_BUSY', message: `${MAX_JOB_UPLOADS} job uploads are already in progress; retry when one has finished.` })
    }
    jobUploads++
    try {
      await answer(req, res, method)
    } finally {
      jobUploads--
    }
  }

  async function answer(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    const body = await readBody(req, bodyLimit(method))
    let args: unknown
    try {
      args = body.trim() === '' ? [] : JSON.parse(body)
    } catch {
      return sendError(res, { code: 'E_BAD_JSON', message: 'The request body is not valid JSON: send a JSON array of arguments.' })
    }
    const result = await core.dispatch(method, args)
    if (result.ok) sendJson(res, 200, result)
    else sendError(res, result.error)
  }

  async function sendMetrics(res: ServerResponse): Promise<void> {
    const text = await core.prometheus.text()
    res.writeHead(200, { 'Content-Type': core.prometheus.contentType, 'Cache-Control': 'no-store' })
    res.end(text)
  }

  /**
   * A browser says when another site made it send the request (an <img> pointing at 127.0.0.1): such
   * a request is refused but not counted, or any web page could lock the owner out of their node.
   */
  const countFailure = (req: IncomingMessage, addr: string) => {
    if (req.headers['sec-fetch-site'] !== 'cross-site') limiter.fail(addr)
  }

  function handleTokenLogin(given: string, req: IncomingMessage, addr: string, res: ServerResponse): void {
    if (tokenMatches(given, token)) {
      res.setHeader('Set-Cookie', `${COOKIE_NAME}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`)
    } else countFailure(req, addr)
    // Drop the token from the address bar and history either way.
    res.writeHead(303, { Location: '/' })
    res.end()
  }

  function refuseToken(req: IncomingMessage, res: ServerResponse, isApi: boolean): void {
    // A stale cookie would count as a wrong guess on every request the page makes: drop it once.
    if (req.headers.authorization === undefined && parseCookies(req.headers.cookie)[COOKIE_NAME] !== undefined) {
      res.setHeader('Set-Cookie', `${COOKIE_NAME}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`)
    }
    if (isApi) return sendError(res, { code: 'E_UNAUTHORIZED', message: 'Missing or wrong token: open the URL the node printed, or send Authorization: Bearer <token>.' })
    res.writeHead(401, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(tokenRequiredPage) })
    res.end(tokenRequiredPage)
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    for (const [k, v] of Object.entries(securityHeaders)) res.setHeader(k, v)
    // RFC 9112: more than one Host is answered 400 (Node keeps the first; a proxy might route by another).
    if (req.rawHeaders.filter((_, i) => i % 2 === 0 && req.rawHeaders[i]!.toLowerCase() === 'host').length > 1) {
      return sendError(res, { code: 'E_BAD_INPUT', message: 'The request has more than one Host header.' })
    }
    if (!hostAllowed(req.headers.host, boundHost, allowedHosts)) {
      return sendError(res, { code: 'E_FORBIDDEN', message: `Host "${req.headers.host ?? ''}" is not served here (DNS rebinding guard). Use the address the node printed.` })
    }
    let url: URL
    try {
      url = new URL(req.url ?? '/', 'http://placeholder')
    } catch {
      return sendError(res, { code: 'E_BAD_INPUT', message: 'The request target is not a valid URL path.' })
    }
    // Prometheus scrapes /metrics with the same bearer token as the API.
    const apiPath = url.pathname === '/metrics' ? '/api/metrics' : url.pathname
    const isApi = apiPath === '/api' || apiPath.startsWith('/api/')
    if (apiPath === '/api/health' && req.method === 'GET') return sendJson(res, 200, { ok: true, value: { status: 'ok', version } })

    // The lockout is checked before any token is looked at, the right one included: if the right
    // token got through, a locked-out guesser would learn it was right from any answer that is not
    // 429, and the lockout would slow nothing. The owner waits it out (at most AUTH_LIMIT.lockoutMs).
    const addr = req.socket.remoteAddress ?? ''
    const retryAfter = limiter.retryAfterS(addr)
    if (retryAfter > 0) {
      res.setHeader('Retry-After', String(retryAfter))
      return sendError(res, { code: 'E_RATE_LIMITED', message: `Too many wrong tokens from ${addr}; try again in ${retryAfter} s with the URL the node printed.` })
    }
    const isRead = req.method === 'GET' || req.method === 'HEAD'
    const loginToken = url.pathname === '/' && isRead ? url.searchParams.get('token') : null
    if (loginToken !== null) return handleTokenLogin(loginToken, req, addr, res)
    const given = requestToken(req.headers)
    if (!tokenMatches(given, token)) {
      // No token at all guesses nothing (a browser's first visit, its favicon): only wrong ones count.
      if (given !== undefined) countFailure(req, addr)
      return refuseToken(req, res, isApi)
    }
    if (isApi) return handleApi(req, res, apiPath)
    if (!isRead) {
      return sendError(res, { code: 'E_NOT_FOUND', message: `No such endpoint: ${req.method} ${url.pathname}` })
    }
    if (await serveStatic(staticDir, url.pathname, res, req.method === 'HEAD')) return
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' })
    res.end('Not found')
  }

  // Node's own answer to a missing Host skips our headers: hostAllowed refuses it (403) instead.
  const server: Server = createServer({ requireHostHeader: false }, (req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (err instanceof IngotError && err.code === 'E_TOO_LARGE') {
        // Answer, then close: the rest of an oversize upload is never read.
        res.setHeader('Connection', 'close')
        res.on('finish', () => req.socket.destroy())
        return sendError(res, err.toBody())
      }
      if (err instanceof IngotError) return sendError(res, err.toBody())
      log.error({ err, url: req.url }, 'request failed')
      if (!res.headersSent) sendError(res, { code: 'E_INTERNAL', message: 'The request failed; details are in the log.' })
      else res.destroy()
    })
  })
  server.on('clientError', answerClientError)
  server.headersTimeout = 10_000
  server.requestTimeout = 30_000

  return {
    server,
    listen(port: number, host: string): Promise<AddressInfo> {
      boundHost = host
      return new Promise((resolve, reject) => {
        server.once('error', reject)
        server.listen(port, host, () => {
          server.off('error', reject)
          resolve(server.address() as AddressInfo)
        })
      })
    },
    async close(): Promise<void> {
      sse.close()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
    }
  }
}
