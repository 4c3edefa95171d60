import WebSocket from 'ws'
import type { Log } from '../log'
import type { Link } from './link'
import { MESSAGE_MAX_BYTES } from './protocol'

/** Wraps an open WebSocket as a Link. */
export function wsLink(ws: WebSocket): Link {
  return {
    send: (text) => {
      if (ws.readyState === WebSocket.OPEN) ws.send(text)
    },
    close: () => ws.close(),
    onMessage: (cb) => void ws.on('message', (data, isBinary) => cb(isBinary ? '' : data.toString())),
    onClose: (cb) => void ws.on('close', () => cb())
  }
}

/** Reconnect delays: doubling from 1 s to 30 s, each ±20 % so a restarted coordinator is not hit by every node at once. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 1000 * 2 ** attempt)
  return Math.round(base * (0.8 + 0.4 * random()))
}

/**
 * Keeps a connection to a coordinator: every successful connect hands a fresh Link to `onLink`
 * (the client says hello and re-sends unsettled results on it); a drop reconnects with backoff.
 */
export function wsConnect(log: Log) {
  return (url: string, onLink: (link: Link) => void): { close(): void } => {
    let closed = false
    let attempt = 0
    let ws: WebSocket | null = null
    let timer: NodeJS.Timeout | null = null
    const open = () => {
      if (closed) return
      ws = new WebSocket(url, { maxPayload: MESSAGE_MAX_BYTES, handshakeTimeout: 10_000 })
      ws.on('open', () => {
        attempt = 0
        onLink(wsLink(ws!))
      })
      ws.on('error', (err) => log.warn({ err: err.message, url }, 'market connection error'))
      ws.on('close', () => {
        if (closed) return
        const wait = backoffMs(attempt++)
        log.info({ url, waitMs: wait }, 'market connection closed; reconnecting')
        timer = setTimeout(open, wait)
        timer.unref()
      })
    }
    open()
    return {
      close() {
        closed = true
        if (timer) clearTimeout(timer)
        ws?.close()
      }
    }
  }
}
