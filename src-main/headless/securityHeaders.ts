import type { Socket } from 'node:net'
import { contentSecurityPolicy } from '../core/csp'

/** Sent on every response, including the ones Node's parser refuses before a handler runs. */
export const securityHeaders: Readonly<Record<string, string>> = {
  'Content-Security-Policy': contentSecurityPolicy,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin'
}

const refusals: Record<string, { status: string; code: string; message: string }> = {
  HPE_HEADER_OVERFLOW: { status: '431 Request Header Fields Too Large', code: 'E_TOO_LARGE', message: 'The request headers are too large.' },
  ERR_HTTP_REQUEST_TIMEOUT: { status: '408 Request Timeout', code: 'E_BAD_INPUT', message: 'The request took too long to arrive.' }
}
const malformed = { status: '400 Bad Request', code: 'E_BAD_INPUT', message: 'Malformed HTTP request.' }

/**
 * The server's 'clientError' handler: Node's default answer carries none of our headers. Like the
 * default, it answers only while nothing of a response is on the wire, so a reply is never spliced
 * into another one.
 */
export function answerClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } | null })._httpMessage
  if (err.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
    socket.destroy()
    return
  }
  const r = refusals[err.code ?? ''] ?? malformed
  const body = JSON.stringify({ ok: false, error: { code: r.code, message: r.message } })
  const headers = { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(body)), 'Cache-Control': 'no-store', Connection: 'close', ...securityHeaders }
  socket.end(`HTTP/1.1 ${r.status}\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n${body}`)
}
