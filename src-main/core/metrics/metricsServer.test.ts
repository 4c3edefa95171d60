import { createServer } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { silentLogger } from '../log'
import { createMetricsServer } from './metricsServer'

const prometheus = { contentType: 'text/plain; version=0.0.4; charset=utf-8', text: async () => 'ingot_gpus 2\n' }
const servers: { close(): Promise<void> }[] = []
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close()
})

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => resolve(port))
    })
  })
}

describe('desktop metrics server', () => {
  it('serves /metrics on the port set, moves with the setting and stops at 0', async () => {
    const m = createMetricsServer(prometheus as never, silentLogger())
    servers.push(m)
    const a = await freePort()
    expect(await m.serve(a)).toBeNull()
    const res = await fetch(`http://127.0.0.1:${a}/metrics`)
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('ingot_gpus 2\n')
    expect((await fetch(`http://127.0.0.1:${a}/other`)).status).toBe(404)
    const b = await freePort()
    await m.serve(b)
    await expect(fetch(`http://127.0.0.1:${a}/metrics`)).rejects.toThrow()
    expect((await fetch(`http://127.0.0.1:${b}/metrics`)).status).toBe(200)
    await m.serve(0)
    await expect(fetch(`http://127.0.0.1:${b}/metrics`)).rejects.toThrow()
  })

  it('says so when the port is taken, and keeps the app running', async () => {
    const taken = createServer()
    const port = await new Promise<number>((resolve) => taken.listen(0, '127.0.0.1', () => resolve((taken.address() as { port: number }).port)))
    const m = createMetricsServer(prometheus as never, silentLogger())
    servers.push(m)
    expect(await m.serve(port)).toMatch(/not available.*EADDRINUSE/)
    taken.close()
  })
})
