import { createServer, type Server } from 'node:http'
import type { Log } from '../log'
import type { Prometheus } from './prometheus'

const loopbackHost = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?$/i

/**
 * The desktop app's Prometheus endpoint: GET /metrics on 127.0.0.1 only, off unless the port is
 * set in Settings. (The headless node serves /metrics on its own port, behind its token.)
 */
export function createMetricsServer(prometheus: Prometheus, log: Log) {
  let server: Server | null = null
  let port = 0

  async function close() {
    const s = server
    server = null
    port = 0
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()))
  }

  return {
    /** Serves on this port, or stops serving for 0. Resolves with the error text when the port is taken. */
    async serve(next: number): Promise<string | null> {
      if (next === port && (server || next === 0)) return null
      await close()
      if (next === 0) return null
      const s = createServer((req, res) => {
        if (!loopbackHost.test(req.headers.host ?? '') || req.method !== 'GET' || req.url !== '/metrics') {
          res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found')
          return
        }
        prometheus.text().then(
          (text) => res.writeHead(200, { 'Content-Type': prometheus.contentType }).end(text),
          (err: unknown) => {
            log.error({ err }, 'metrics failed')
            res.writeHead(500).end()
          }
        )
      })
      return new Promise((resolve) => {
        s.once('error', (err) => {
          log.warn({ err, port: next }, 'metrics port unavailable')
          resolve(`Port ${next} is not available: ${err.message}`)
        })
        s.listen(next, '127.0.0.1', () => {
          server = s
          port = next
          log.info({ port: next }, 'serving /metrics')
          resolve(null)
        })
      })
    },
    close
  }
}
