// The matching engine over the real wire format (signed frames through in-process links) with
// simulated participants that compute real matmul products in JS.
import { describe, expect, it } from 'vitest'
import { silentLogger } from '../log'
import { matmulBundle } from '../jobs/test/bundles'
import { until } from '../test/until'
import { linkPair } from './link'
import { createMarketHost, ephemeralSigner } from './marketHost'
import { signMessage } from './envelope'
import type { Offer, Settlement } from './protocol'
import { bidScore } from './score'
import { simNode, type SimMode } from './test/simNode'

function market(opts: { graceMs?: number; redundancy?: number } = {}) {
  let t = Date.now()
  const now = () => t
  const settled: { s: Settlement; nodeId: string }[] = []
  const rejected: string[] = []
  const host = createMarketHost({ now, log: silentLogger(), signer: ephemeralSigner(), mode: 'coordinator', bidWindowMs: 100, graceMs: opts.graceMs ?? 1000, redundancy: opts.redundancy, onSettled: (s, nodeId) => settled.push({ s, nodeId }), onRejected: (code) => rejected.push(code) })
  const join = (price: number, mode: SimMode = 'honest', claimComputeMs?: number) => {
    const n = simNode({ now, priceMicro: price, mode, claimComputeMs })
    const [a, b] = linkPair()
    host.attach(b)
    n.connect(a)
    return { ...n, link: a }
  }
  const advance = async (ms: number) => {
    t += ms
    host.engine.tick()
    await new Promise((r) => setTimeout(r, 10))
  }
  const post = (o: Parameters<typeof matmulBundle>[1] = {}) => host.engine.post({ bundle: matmulBundle(t, { n: 16, k: 8, m: 4, canaries: 3, batchSize: 4, price: { microUnits: 50_000 }, ...o }), title: 'matmul' })
  /** Waits until the open offer holds `n` bids (they arrive asynchronously, like frames on a socket). */
  const bids = (n: number) => until(() => host.engine.book().some((b) => b.state === 'open' && b.bids >= n))
  return { host, join, advance, post, bids, settled, rejected, now }
}

describe('matching engine', () => {
  it('awards by price-performance, tells the losers the winning price, checks hidden canaries and settles in full', async () => {
    const m = market()
    const cheap = m.join(20_000)
    const dear = m.join(30_000)
    await until(() => m.host.engine.reputation().length === 2)
    const offer = m.post()
    await m.bids(2)
    await m.advance(150)
    await until(() => m.settled.length === 1)
    expect(m.settled[0]!.nodeId).toBe(cheap.id)
    expect(dear.of('lost')).toEqual([{ offerId: offer.offerId, yourPriceMicro: 30_000, winningPriceMicro: 20_000, reason: expect.any(String) }])
    // 16 items at 0.02 per 1,000: the 3 hidden canary rows are not paid for.
    expect(m.settled[0]!.s).toMatchObject({ outcome: 'full', totalMicro: 320, currency: 'DEMO', lines: [{ kind: 'earning', amountMicro: 320 }] })
    await until(() => cheap.of('settlement').length === 1)
    // The sealed bundle the winner computed held 19 rows: the canaries were hidden among them.
    expect(m.host.engine.reputation().find((r) => r.nodeId === cheap.id)).toMatchObject({ jobs: 1, slaMet: 1 })
    // Settled: the order stays on record for an hour, but its tensors are let go at the next tick (the soak's memory leak).
    expect(m.host.engine.held()).toMatchObject({ orders: 1, withData: 1 })
    await m.advance(10)
    expect(m.host.engine.held()).toMatchObject({ orders: 1, withData: 0, assignments: 1 })
  })

  it('a better track record can win at a higher price (the documented score)', () => {
    const o = { ...({} as Offer), sla: { deadline: 1_000_000 }, price: { unit: 'per1kItems' as const, maxMicro: 50_000, currency: 'DEMO' } }
    const bid = (priceMicro: number) => ({ offerId: 'x', priceMicro, predicted: { runMs: 1000, latencyMsP95: 1, throughputPerSec: 1 } })
    const proven = bidScore(o, bid(30_000), { jobs: 3, slaMet: 3, failed: 0 }, 0)!
    const fresh = bidScore(o, bid(25_000), { jobs: 0, slaMet: 0, failed: 0 }, 0)!
    expect(proven).toBeGreaterThan(fresh)
    // Equal records: the cheaper bid wins; a bid predicted to miss the deadline scores nothing.
    expect(bidScore(o, bid(25_000), { jobs: 3, slaMet: 3, failed: 0 }, 0)!).toBeGreaterThan(proven)
    expect(bidScore(o, { ...bid(1), predicted: { runMs: 2_000_000, latencyMsP95: 1, throughputPerSec: 1 } }, { jobs: 0, slaMet: 0, failed: 0 }, 0)).toBeNull()
  })

  it('settles a job whose canaries come out wrong at zero, and lowers that node’s reliability', async () => {
    const m = market()
    const liar = m.join(10_000, 'wrong')
    await until(() => m.host.engine.reputation().length === 1)
    m.post()
    await m.bids(1)
    await m.advance(150)
    await until(() => m.settled.length === 1)
    expect(m.settled[0]!.s).toMatchObject({ outcome: 'zero', totalMicro: 0, lines: [], reason: expect.stringContaining('canary accuracy 0%') })
    expect(m.host.engine.reputation()[0]).toMatchObject({ nodeId: liar.id, jobs: 1, slaMet: 0 })
  })

  it('takes a job back from a silent node after the grace period and settles it once, with another node', async () => {
    const m = market({ graceMs: 500 })
    const silent = m.join(1_000, 'silent')
    const other = m.join(40_000)
    await until(() => m.host.engine.reputation().length === 2)
    m.post()
    await m.bids(2)
    await m.advance(150)
    await until(() => silent.of('award').length === 1)
    // The silent node drops off; after the grace period the job goes to the other node.
    silent.link.close()
    await m.advance(100)
    expect(m.settled).toHaveLength(0)
    await m.advance(600)
    await until(() => other.of('offer').length === 2)
    await m.bids(1)
    await m.advance(150)
    await until(() => m.settled.length === 1)
    expect(m.settled[0]!.nodeId).toBe(other.id)
    expect(m.host.engine.reputation().find((r) => r.nodeId === silent.id)).toMatchObject({ failed: 1 })
    // Uptime: the silent node has been gone for most of the market's time with it, the other never.
    const up = Object.fromEntries(m.host.engine.reputation().map((r) => [r.nodeId, r.uptimePct]))
    expect(up[silent.id]).toBeLessThan(50)
    expect(up[other.id]).toBe(100)
    // The silent node's late result is refused: the job was settled once.
    await m.advance(1000)
    expect(m.settled).toHaveLength(1)
    // Back, it sends its result: it missed the revoke while away, so the market says it again (final, with the reason) instead of an error.
    expect(silent.of('revoke')).toHaveLength(0)
    const [a, b] = linkPair()
    m.host.attach(b)
    silent.mode.current = 'honest'
    silent.connect(a)
    await until(() => silent.of('welcome').length === 2)
    silent.run(silent.of('award')[0]!)
    await until(() => silent.of('revoke').length === 1)
    expect(silent.of('revoke')[0]).toEqual({ jobId: silent.of('award')[0]!.jobId, reason: 'no result in time' })
    expect(silent.of('error')).toHaveLength(0)
    expect(m.settled).toHaveLength(1)
  })

  it('refuses a result whose receipt another key signed, and reassigns the job', async () => {
    const m = market()
    const forger = m.join(1_000, 'badsig')
    const honest = m.join(40_000)
    await until(() => m.host.engine.reputation().length === 2)
    m.post()
    await m.bids(2)
    await m.advance(150)
    await until(() => forger.of('revoke').length === 1)
    expect(forger.of('revoke')[0]!.reason).toMatch(/receipt: signature does not match/)
    await m.bids(1)
    await m.advance(150)
    await until(() => m.settled.length === 1)
    expect(m.settled[0]!.nodeId).toBe(honest.id)
  })

  it('answers a replayed frame with an error and counts nothing twice', async () => {
    const m = market()
    const a = m.join(10_000)
    await until(() => m.host.engine.reputation().length === 1)
    const offer = m.post()
    await until(() => a.of('offer').length === 1)
    const body = { offerId: offer.offerId, priceMicro: 5, predicted: { runMs: 1, latencyMsP95: 1, throughputPerSec: 1 } }
    const frame = a.frame('heartbeat', { running: [] })
    a.link.send(frame)
    a.link.send(frame)
    // A frame signed by someone else in this node's name.
    a.link.send(JSON.stringify(signMessage('bid', body, { keyId: a.id, sign: ephemeralSigner().sign }, m.now())))
    await until(() => m.rejected.length === 2)
    expect(m.rejected).toEqual(['E_REPLAY', 'E_BAD_SIGNATURE'])
    await until(() => a.of('error').length === 2)
    // The node's own bid still stands and wins at its price.
    await m.bids(1)
    await m.advance(150)
    await until(() => m.settled.length === 1)
    expect(m.settled[0]!.s.lines[0]!.amountMicro).toBe(160)
  })

  it('redundant execution: the runner-up computes the job too; agreeing outputs are both paid', async () => {
    const m = market({ redundancy: 1 })
    const a = m.join(10_000)
    const b = m.join(20_000)
    await until(() => m.host.engine.reputation().length === 2)
    m.post()
    await m.bids(2)
    await m.advance(150)
    await until(() => m.settled.length === 2)
    expect(new Set(m.settled.map((x) => x.nodeId))).toEqual(new Set([a.id, b.id]))
    expect(m.settled.every((x) => x.s.outcome === 'full')).toBe(true)
    expect(b.of('lost')).toHaveLength(0)
    expect(m.host.engine.book()[0]!.awards.map((w) => w.nodeId)).toEqual([a.id, b.id])
  })

  it('redundant execution catches wrong outputs that no canary checks: both unpaid, a third node gets the job', async () => {
    const m = market({ redundancy: 1 })
    const liar = m.join(10_000, 'wrong')
    const honest = m.join(20_000)
    await until(() => m.host.engine.reputation().length === 2)
    // No canaries: only a second opinion can tell.
    m.post({ canaries: 0, sla: { minAccuracy: undefined as never } })
    await m.bids(2)
    await m.advance(150)
    await until(() => m.settled.length === 2)
    expect(m.settled.map((x) => x.s.outcome)).toEqual(['zero', 'zero'])
    expect(m.settled[0]!.s.reason).toMatch(/disagree/)
    const third = m.join(30_000)
    await until(() => third.of('offer').length === 1)
    await m.bids(1)
    await m.advance(150)
    await until(() => m.settled.length === 3)
    expect(m.settled[2]).toMatchObject({ nodeId: third.id, s: { outcome: 'full' } })
    expect([liar.id, honest.id]).not.toContain(m.settled[2]!.nodeId)
  })

  it('refuses a hello whose seal key nothing can be sealed to, and keeps running', async () => {
    const m = market()
    const me = ephemeralSigner()
    const [a, b] = linkPair()
    m.host.attach(b)
    const got: { type: string; body: { code?: string; message?: string } }[] = []
    a.onMessage((t) => got.push(JSON.parse(t) as never))
    // All zeros: a low-order X25519 point, well-formed base64 of 32 bytes.
    a.send(JSON.stringify(signMessage('hello', { nodeKey: me.publicKeyPem, sealKey: `${'A'.repeat(43)}=`, region: 'any', backend: 'cpu', gpus: [], bench: null, capacity: 1, version: 't' }, me, m.now())))
    await until(() => got.length === 1)
    expect(got[0]).toMatchObject({ type: 'error', body: { code: 'E_BAD_MESSAGE' } })
    expect(m.host.engine.reputation()).toEqual([])
    const honest = m.join(10_000)
    await until(() => m.host.engine.reputation().length === 1)
    m.post()
    await m.bids(1)
    await m.advance(150)
    await until(() => m.settled.length === 1)
    expect(m.settled[0]!.nodeId).toBe(honest.id)
  })

  it('pays GPU-seconds for no longer than the award has existed, whatever the node claims', async () => {
    const m = market()
    m.join(1000, 'honest', 1e9)
    await until(() => m.host.engine.reputation().length === 1)
    m.post({ price: { unit: 'perGpuSecond', microUnits: 5000 } })
    await m.bids(1)
    await m.advance(150)
    await until(() => m.settled.length === 1)
    // Awarded and answered at the same market instant: no compute time can be paid.
    expect(m.settled[0]!.s.totalMicro).toBe(0)
  })

  it('does not revoke a result that waits for its slower twin', async () => {
    const m = market({ redundancy: 1, graceMs: 200 })
    m.join(10_000)
    const slow = m.join(20_000, 'silent')
    await until(() => m.host.engine.reputation().length === 2)
    m.post()
    await m.bids(2)
    await m.advance(150)
    // Past the winner's own time: its held result stands; the silent twin is revoked, the winner paid alone.
    await m.advance(5000)
    await until(() => m.settled.length === 1)
    expect(m.settled[0]!.s.outcome).toBe('full')
    expect(m.host.engine.reputation().find((r) => r.nodeId === slow.id)).toMatchObject({ failed: 1 })
  })
})
