import { connect } from 'node:net'

export interface RawResponse {
  kind: 'response'
  status: number
  /** Lower-cased names; a repeated header keeps its last value. */
  headers: Record<string, string>
  body: Buffer
}
export interface RawClosed {
  kind: 'closed'
  /** What came back before the server closed without a complete response. */
  received: Buffer
}

/** Chunked transfer coding, decoded; null while more must arrive. */
function dechunk(rest: Buffer): Buffer | null {
  const parts: Buffer[] = []
  let at = 0
  for (;;) {
    const eol = rest.indexOf('\r\n', at)
    if (eol === -1) return null
    const size = parseInt(rest.subarray(at, eol).toString('latin1'), 16)
    if (Number.isNaN(size)) throw new Error(`bad chunk size line: ${JSON.stringify(rest.subarray(at, eol).toString('latin1'))}`)
    if (size === 0) return rest.indexOf('\r\n', eol + 2) === -1 ? null : Buffer.concat(parts)
    if (rest.length < eol + 2 + size + 2) return null
    parts.push(rest.subarray(eol + 2, eol + 2 + size))
    at = eol + 2 + size + 2
  }
}

/** The body, or null while more must arrive; `closed`: the server has hung up. */
function readBody(rest: Buffer, headers: Record<string, string>, noBody: boolean, closed: boolean): Buffer | null {
  if (noBody || headers['content-type']?.startsWith('text/event-stream')) return Buffer.alloc(0)
  if (headers['transfer-encoding']?.toLowerCase() === 'chunked') return dechunk(rest)
  if (headers['content-length'] !== undefined) {
    const n = Number(headers['content-length'])
    return rest.length >= n ? rest.subarray(0, n) : null
  }
  return closed ? rest : null
}

function parse(buf: Buffer, head: boolean, closed: boolean): RawResponse | 'incomplete' | 'malformed' {
  let start = 0
  for (;;) {
    const end = buf.indexOf('\r\n\r\n', start)
    if (end === -1) return 'incomplete'
    const lines = buf.subarray(start, end).toString('latin1').split('\r\n')
    const m = /^HTTP\/1\.1 (\d{3}) [^\r\n]*$/.exec(lines[0] ?? '')
    if (!m) return 'malformed'
    const headers: Record<string, string> = {}
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':')
      if (colon < 1) return 'malformed'
      headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim()
    }
    const status = Number(m[1])
    // 100 Continue and the like come before the real answer.
    if (status < 200) {
      start = end + 4
      continue
    }
    const rest = buf.subarray(end + 4)
    const body = readBody(rest, headers, head || status === 204 || status === 304, closed)
    if (body === null) return 'incomplete'
    return { kind: 'response', status, headers, body }
  }
}

/**
 * Writes bytes to a fresh connection exactly as given and reads back one response. Rejects when
 * nothing complete arrives within timeoutMs (a hang) or the reply is not HTTP/1.1.
 * `halfClose` ends our side after writing: for requests that promise more body than they send.
 */
export function rawExchange(port: number, request: Buffer | string, opts: { head?: boolean; halfClose?: boolean; timeoutMs?: number; localAddress?: string } = {}): Promise<RawResponse | RawClosed> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1', localAddress: opts.localAddress })
    let buf = Buffer.alloc(0)
    let settled = false
    const finish = (fn: () => void) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      socket.destroy()
      fn()
    }
    const timer = setTimeout(() => finish(() => reject(new Error(`no complete response within ${opts.timeoutMs ?? 5000} ms; got ${JSON.stringify(buf.toString('latin1').slice(0, 300))}`))), opts.timeoutMs ?? 5000)
    const check = (closed: boolean) => {
      let r: ReturnType<typeof parse>
      try {
        r = parse(buf, opts.head ?? false, closed)
      } catch {
        r = 'malformed'
      }
      if (r === 'malformed') finish(() => reject(new Error(`malformed response: ${JSON.stringify(buf.toString('latin1').slice(0, 300))}`)))
      else if (r !== 'incomplete') finish(() => resolve(r))
      else if (closed) finish(() => resolve({ kind: 'closed', received: buf }))
    }
    socket.on('data', (c: Buffer) => {
      buf = Buffer.concat([buf, c])
      check(false)
    })
    socket.on('close', () => check(true))
    // A reset after the server answered and hung up is not a failure: 'close' decides.
    socket.on('error', () => {})
    socket.on('connect', () => {
      socket.write(request)
      if (opts.halfClose) socket.end()
    })
  })
}

/** An HTTP/1.1 request as bytes; headers go out in order, exactly as given. */
export function buildRequest(method: string, target: string, headers: readonly (readonly [string, string])[], body: Buffer | string = ''): Buffer {
  const head = `${method} ${target} HTTP/1.1\r\n${headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`
  return Buffer.concat([Buffer.from(head, 'latin1'), typeof body === 'string' ? Buffer.from(body) : body])
}
