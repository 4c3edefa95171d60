import type { ServerResponse } from 'node:http'
import type { EventHub } from '../core/events'

/** Server-Sent Events: every core event goes to every open stream, with a heartbeat. */
export function createSseHub(events: EventHub, heartbeatMs = 25_000) {
  const clients = new Set<ServerResponse>()
  const unsubscribe = events.onAny((event, payload) => {
    const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`
    for (const res of clients) res.write(frame)
  })
  const heartbeat = setInterval(() => {
    for (const res of clients) res.write(': ping\n\n')
  }, heartbeatMs)
  heartbeat.unref()

  return {
    attach(res: ServerResponse): void {
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive',
        'X-Accel-Buffering': 'no'
      })
      res.write('retry: 3000\n\n')
      clients.add(res)
      res.on('close', () => clients.delete(res))
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
