// The coordinator as a real server (HTTP + WebSocket on loopback, SQLite state) with a real node core
// joined over the network transport: restart keeps what was settled, the node reconnects by itself.
import { afterEach, describe, expect, it } from 'vitest'
import { longMatmulBundle, matmulBundle } from '../core/jobs/test/bundles'
import { silentLogger } from '../core/log'
import { backoffMs } from '../core/market/wsConnect'
import { tempCore, tempDirs } from '../core/test/tempCore'
import { until } from '../core/test/until'
import { startCoordinator, type Coordinator } from './coordinator'

const { fresh, removeAll } = tempDirs()
const running: { stop(): Promise<void> }[] = []
afterEach(async () => {
  for (const r of running.splice(0).reverse()) await r.stop()
  removeAll()
})

async function coordinator(dataDir: string, port = 0): Promise<Coordinator> {
  const c = await startCoordinator({ dataDir, port, log: silentLogger(), bidWindowMs: 150, graceMs: 2000 })
  running.push(c)
  return c
}

const api = (c: Coordinator) => ({
  get: async <T>(path: string): Promise<T> => ((await (await fetch(c.httpUrl + path, { headers: { Authorization: `Bearer ${c.token}` } })).json()) as { value: T }).value,
  post: (body: unknown, token = c.token) => fetch(`${c.httpUrl}/offers`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: JSON.stringify(body) })
})

describe('coordinator', () => {
  it('reconnect delays double to 30 s with ±20 % jitter', () => {
    expect(backoffMs(0, () => 0.5)).toBe(1000)
    expect(backoffMs(3, () => 0.5)).toBe(8000)
    expect(backoffMs(10, () => 0.5)).toBe(30_000)
    expect(backoffMs(0, () => 0)).toBe(800)
    expect(backoffMs(0, () => 0.999999)).toBe(1200)
  })

  it('refuses buyers without the token and bad orders with the field to blame', async () => {
    const c = await coordinator(fresh())
    expect((await api(c).post({ bundle: {}, title: 'x' }, 'wrong-token-wrong-token')).status).toBe(401)
    const bad = await api(c).post({ bundle: { ...matmulBundle(Date.now()), price: { currency: 'DEMO', unit: 'per1kItems', microUnits: -1 } }, title: 'negative' })
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/price\.microUnits/)
    expect((await api(c).post({ bundle: matmulBundle(Date.now()), title: '' })).status).toBe(400)
    expect((await fetch(`${c.httpUrl}/health`)).status).toBe(200)
  })

  it('keeps settlements across a restart; the node reconnects and its ledger matches', async () => {
    const dir = fresh()
    let c = await coordinator(dir)
    const port = Number(new URL(c.httpUrl).port)
    const node = tempCore({ runner: true, market: {} })
    running.push(node)
    await node.api['settings.update']({ marketMode: 'coordinator', marketUrl: c.wsUrl })
    await node.start()
    await until(async () => (await node.api['market.status']()).state === 'connected', 20_000)
    await until(() => node.bench.backend().chosen !== null, 30_000)
    await node.api['bench.run']({ mode: 'quick' })
    await until(async () => (await node.api['bench.history']({ limit: 1 }))[0]?.status === 'ok', 60_000)
    await until(async () => (await api(c).get<unknown[]>('/nodes')).length === 1)

    for (let i = 0; i < 3; i++) expect((await api(c).post({ bundle: matmulBundle(Date.now(), { n: 32, k: 16, m: 8, canaries: 2, seed: i, price: { microUnits: 100_000 } }), title: `m${i}` })).status).toBe(201)
    await until(async () => (await api(c).get<{ settlements: unknown[] }>('/settlements')).settlements.length === 3, 60_000)
    const before = await api(c).get<{ settlements: { totalMicro: number; acked: boolean }[] }>('/settlements')

    // Restart on the same port and data dir: the node notices, backs off, and comes back by itself.
    await c.stop()
    running.splice(running.indexOf(c), 1)
    await until(async () => (await node.api['market.status']()).state === 'disconnected')
    c = await coordinator(dir, port)
    await until(async () => (await node.api['market.status']()).state === 'connected', 20_000)
    expect((await node.api['market.status']()).marketKeyId).toBe(c.keyId)
    const after = await api(c).get<{ settlements: { totalMicro: number }[] }>('/settlements')
    expect(after.settlements).toEqual(before.settlements)
    // Reputation survived too: the node's three jobs are on record.
    expect((await api(c).get<{ jobs: number }[]>('/nodes'))[0]).toMatchObject({ jobs: 3 })
    const ledger = (await node.api['ledger.entries']({})).reduce((s, e) => s + e.amountMicro, 0)
    expect(ledger).toBe(before.settlements.reduce((s, x) => s + x.totalMicro, 0))
  }, 180_000)

  it('books a job the market took back while the node was away at zero, with the reason, instead of leaving it pending', async () => {
    const c = await coordinator(fresh())
    const node = tempCore({ runner: true, market: {} })
    running.push(node)
    await node.api['settings.update']({ marketMode: 'coordinator', marketUrl: c.wsUrl })
    await node.start()
    await until(() => node.bench.backend().chosen !== null, 30_000)
    await node.api['bench.run']({ mode: 'quick' })
    await until(async () => (await node.api['bench.history']({ limit: 1 }))[0]?.status === 'ok', 60_000)
    await until(async () => (await node.api['market.status']()).state === 'connected', 20_000)

    // A job of a few seconds; once it runs here, the node leaves the market (its owner turns it off).
    expect((await api(c).post({ bundle: longMatmulBundle(Date.now(), 30_000), title: 'long' })).status).toBe(201)
    const marketJob = async () => (await node.api['jobs.list']({})).find((j) => j.source === 'market')
    await until(async () => (await marketJob())?.state === 'running', 60_000)
    const id = (await marketJob())!.id
    await node.api['settings.update']({ marketMode: 'off' })
    // Gone past the grace period: the market takes the job back, while here it runs to the end, unsent.
    await until(async () => (await api(c).get<{ failed: number }[]>('/nodes'))[0]?.failed === 1, 30_000)
    await until(async () => (await node.api['jobs.get'](id)).state === 'done', 60_000)
    expect(await node.api['jobs.get'](id)).toMatchObject({ settledAt: null })

    // Back, the node sends the result; the market says again that it took the job back, and the node books it unpaid.
    await node.api['settings.update']({ marketMode: 'coordinator', marketUrl: c.wsUrl })
    await until(async () => (await node.api['jobs.get'](id)).settledAt !== null, 20_000)
    const job = await node.api['jobs.get'](id)
    expect(job).toMatchObject({ state: 'done', payMicro: 0, ledger: [] })
    const settlement = (await node.api['market.settlements']({})).find((s) => s.jobId === id)
    expect(settlement).toMatchObject({ outcome: 'zero', reason: expect.stringMatching(/^taken back by the market: (no result in time|the node has been gone for more than 2 s)$/) })
    expect((await node.api['market.status']()).lastError).toBeNull()
    expect((await node.api['ledger.verify']()).ok).toBe(true)
  }, 180_000)
})
