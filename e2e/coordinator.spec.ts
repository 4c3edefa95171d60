// The market across processes: a real coordinator and two real headless nodes on loopback, a buyer
// posting over HTTP, one node SIGKILLed mid-job. Awards must follow the documented score, the killed
// node's job must be reassigned and settled once, and every node's ledger must match the
// coordinator's settlements to the micro-unit.
import { spawn, type ChildProcess } from 'node:child_process'
import { createPublicKey, generateKeyPairSync, sign } from 'node:crypto'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import WebSocket from 'ws'
import { matmulBundle } from '../src-main/core/jobs/test/bundles'
import { signMessage } from '../src-main/core/market/envelope'
import { keyIdOf } from '../src-main/core/identity/keyId'
import type { Bid, Offer, Settlement } from '../src-main/core/market/protocol'
import type { Reputation } from '../src-main/core/market/score'
import { bidScore } from '../src-main/core/market/score'
import { generateSealKey } from '../src-main/core/market/seal'
import { freePort, repoRoot, startNode, tempDataDir, type RunningNode } from './fixtures/headlessNode'
import { callApi } from './fixtures/api'

const OFFERS = 20

/** What GET /offers reports for each award (engine.ts AwardRecord). */
interface AwardRecord {
  at: number
  jobId: string
  nodeId: string
  role: 'winner' | 'verifier'
  ranked: { nodeId: string; bid: Bid; rep: Reputation; score: number }[]
}

/** A participant's own Ed25519 key, as a signer. */
function ephemeralSigner() {
  const { privateKey } = generateKeyPairSync('ed25519')
  const publicKey = createPublicKey(privateKey)
  return { keyId: keyIdOf(publicKey), publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }) as string, sign: (d: string) => sign(null, Buffer.from(d), privateKey).toString('base64') }
}

async function startCoordinator(dataDir: string, port: number) {
  const child: ChildProcess = spawn(process.execPath, [join(repoRoot, 'out/main/coordinator.js'), '--port', String(port), '--data-dir', dataDir, '--grace-ms', '4000', '--bid-window-ms', '400', '--redundancy', '0'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()))
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()))
  await expect.poll(() => out, { timeout: 30_000 }).toContain('Ingot coordinator at ws://')
  const token = (await import('node:fs')).readFileSync(join(dataDir, 'coordinator-token'), 'utf8').trim()
  const http = `http://127.0.0.1:${port}`
  const get = async <T>(path: string): Promise<T> => ((await (await fetch(http + path, { headers: { Authorization: `Bearer ${token}` } })).json()) as { value: T }).value
  return { child, http, token, get, ws: `ws://127.0.0.1:${port}`, output: () => out }
}

const call = callApi

const ledgerTotal = async (node: RunningNode) => (await call<{ amountMicro: number; currency: string }[]>(node, 'ledger.entries', { limit: 1000 })).reduce((s, e) => s + e.amountMicro, 0)

test('a coordinator, two nodes and a buyer: scored awards, a killed node’s job reassigned and settled once, ledgers agree', async () => {
  test.setTimeout(240_000)
  const cdir = tempDataDir()
  const coord = await startCoordinator(cdir, await freePort())
  const dirs = [tempDataDir(), tempDataDir()]
  const env = { INGOT_MARKET: 'on' }
  const args = ['--market', coord.ws]
  const nodes = [await startNode({ dataDir: dirs[0], env, args }), await startNode({ dataDir: dirs[1], env, args })]
  try {
    // Different floor prices: node 0 is cheap, node 1 asks 50× more per GPU-hour; both bid their cost (fixed strategy).
    await call(nodes[0]!, 'settings.update', { floorMicroPerGpuHour: 100_000, bidStrategy: 'fixed' })
    await call(nodes[1]!, 'settings.update', { floorMicroPerGpuHour: 5_000_000, bidStrategy: 'fixed' })
    for (const n of nodes) {
      await expect.poll(async () => (await call<{ state: string }>(n, 'bench.backend')).state, { timeout: 60_000 }).toBe('ready')
      await call(n, 'bench.run', { mode: 'quick' })
    }
    for (const n of nodes) await expect.poll(async () => (await call<{ status: string }[]>(n, 'bench.history', { limit: 1 }))[0]?.status, { timeout: 60_000 }).toBe('ok')
    await expect.poll(async () => (await coord.get<unknown[]>('/nodes')).length, { timeout: 30_000 }).toBe(2)

    // The buyer posts 20 offers; some are long enough (many one-row batches) to kill a node in the middle of one.
    const posted: string[] = []
    for (let i = 0; i < OFFERS; i++) {
      const bundle = matmulBundle(Date.now(), { n: i % 5 === 0 ? 3000 : 64, k: 64, m: 32, canaries: 3, batchSize: i % 5 === 0 ? 1 : 16, seed: i + 1, price: { microUnits: 200_000 } })
      const res = await fetch(`${coord.http}/offers`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${coord.token}` }, body: JSON.stringify({ bundle, title: `matmul #${i}` }) })
      expect(res.status).toBe(201)
      posted.push(((await res.json()) as { value: Offer }).value.offerId)
    }

    // Kill the node that is running one of the long market jobs (3,000 rows, plus the market's hidden canaries), in its first half: a short job could
    // finish and be settled in the moment between the look and the kill, leaving nothing to reassign.
    let victim = -1
    await expect
      .poll(
        async () => {
          for (const [i, n] of nodes.entries()) {
            const running = await call<{ source: string; items: number; progress: { done: number; total: number } }[]>(n, 'jobs.list', { state: 'running' })
            if (running.some((j) => j.source === 'market' && j.items >= 3000 && j.progress.done < j.progress.total / 2)) victim = i
          }
          return victim
        },
        { timeout: 60_000, intervals: [50] }
      )
      .toBeGreaterThanOrEqual(0)
    process.kill(nodes[victim]!.pid, 'SIGKILL')
    await nodes[victim]!.stop()

    // Every offer is settled exactly once, the killed node's job by the other node.
    await expect.poll(async () => new Set((await coord.get<{ settlements: Settlement[] }>('/settlements?limit=1000')).settlements.map((s) => s.offerId)).size, { timeout: 150_000 }).toBe(OFFERS)
    const { settlements } = await coord.get<{ settlements: (Settlement & { nodeId: string })[] }>('/settlements?limit=1000')
    expect(settlements).toHaveLength(OFFERS)
    expect(new Set(settlements.map((s) => s.offerId))).toEqual(new Set(posted))
    const book = await coord.get<{ offer: Offer; awards: AwardRecord[] }[]>('/offers')
    expect(book.some((o) => o.awards.length > 1)).toBe(true)

    // Awards follow the documented score, recomputed here from each award's recorded bids.
    for (const o of book) {
      for (const a of o.awards) {
        expect(a.role).toBe('winner')
        const scores = a.ranked.map((r) => ({ nodeId: r.nodeId, score: bidScore(o.offer, r.bid, r.rep, a.at) }))
        const best = scores.reduce((x, y) => (y.score! > x.score! ? y : x))
        expect(a.nodeId).toBe(best.nodeId)
      }
    }

    // The killed node comes back: its unacknowledged settlements reach it, and both ledgers match the coordinator's.
    nodes[victim] = await startNode({ dataDir: dirs[victim], env, args })
    const nodeIds = await Promise.all(nodes.map(async (n) => (await call<{ keyId: string }>(n, 'identity.get')).keyId))
    for (const [i, n] of nodes.entries()) {
      const expected = settlements.filter((s) => s.nodeId === nodeIds[i]).reduce((s, x) => s + x.totalMicro, 0)
      await expect.poll(() => ledgerTotal(n), { timeout: 30_000 }).toBe(expected)
      expect((await call<{ ok: boolean }>(n, 'ledger.verify')).ok).toBe(true)
    }
    // Where both nodes competed with equal records, the one asking 50× less won: the first such award.
    const contested = book.flatMap((o) => o.awards).filter((a) => a.ranked.length === 2 && a.ranked.every((r) => r.rep.jobs === 0)).sort((a, b) => a.at - b.at)
    expect(contested.length).toBeGreaterThan(0)
    expect(contested[0]!.nodeId).toBe(nodeIds[0])
  } finally {
    for (const n of nodes) await n.stop().catch(() => {})
    coord.child.kill('SIGTERM')
    for (const d of [cdir, ...dirs]) rmSync(d, { recursive: true, force: true })
  }
})

test('the coordinator refuses forged, replayed and malformed frames and keeps serving', async () => {
  const cdir = tempDataDir()
  const coord = await startCoordinator(cdir, await freePort())
  try {
    const me = ephemeralSigner()
    const ws = new WebSocket(coord.ws)
    const got: { type: string; body: { code?: string } }[] = []
    ws.on('message', (d) => got.push(JSON.parse(d.toString()) as never))
    await new Promise((r) => ws.once('open', r))
    const hello = signMessage('hello', { nodeKey: me.publicKeyPem, sealKey: generateSealKey().publicKeyB64, region: 'any', backend: 'cpu', gpus: [], bench: null, capacity: 1, version: 't' }, me, Date.now())
    ws.send(JSON.stringify(hello))
    await expect.poll(() => got.some((m) => m.type === 'welcome')).toBe(true)
    const hb = JSON.stringify(signMessage('heartbeat', { running: [] }, me, Date.now()))
    ws.send(hb)
    ws.send(hb)
    ws.send('garbage{')
    ws.send(JSON.stringify({ ...signMessage('heartbeat', { running: [] }, me, Date.now()), sig: ephemeralSigner().sign('x') }))
    ws.send(JSON.stringify(signMessage('heartbeat', { running: [] }, me, Date.now() - 10 * 60_000)))
    await expect.poll(() => got.filter((m) => m.type === 'error').map((m) => m.body.code)).toEqual(['E_REPLAY', 'E_BAD_MESSAGE', 'E_BAD_SIGNATURE', 'E_STALE'])
    ws.close()
    expect((await fetch(`${coord.http}/health`)).status).toBe(200)
  } finally {
    coord.child.kill('SIGTERM')
    rmSync(cdir, { recursive: true, force: true })
  }
})
