import type { ServerResponse } from 'node:http'
import type { EventHub } from '../core/events'

/** Server-Sent Events: every core event goes to every open stream, with a heartbeat. */
export const MAX_SSE_CLIENTS = 32

export function createSseHub(events: EventHub, heartbeatMs = 25_000) {
  const clients = new Set<ServerResponse>()
  const unsubscribe = events.onAny((event, payload) => {
    if (clients.size === 0) return
    const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`
    for (const res of clients) {
      // A reader that stopped reading is dropped rather than buffered without end; it reconnects.
      if (res.writableLength > 1024 * 1024) res.destroy()
      else res.write(frame)
    }
  })
  const heartbeat = setInterval(() => {
    for (const res of clients) res.write(': ping\n\n')
  }, heartbeatMs)
  heartbeat.unref()

  return {
    /** false when the hub is full. */
    attach(res: ServerResponse): boolean {
      if (clients.size >= MAX_SSE_CLIENTS) return false
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive',
        'X-Accel-Buffering': 'no'
      })
      res.write('retry: 3000\n\n')
      clients.add(res)
      res.on('close', () => clients.delete(res))
      return true
    },
    get size() {
      return clients.size
    },
    close(): void {
      clearInterval(heartbeat)
      unsubscribe()
      for (const res of clients) res.end()
      clients.clear()
    }
  }
}
