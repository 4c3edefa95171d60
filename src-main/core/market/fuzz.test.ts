// Fuzzing both ends of the market wire with generated bad frames (fast-check): every one is refused
// with a reason, nothing is settled or booked because of one, and each side still works afterwards.
import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../db/open'
import { loadOrCreateNodeKey } from '../identity/nodeKey'
import { matmulBundle } from '../jobs/test/bundles'
import { silentLogger } from '../log'
import { FUZZ_RUNS, storeSoundness } from '../test/soundStore'
import { tempCore, tempDirs } from '../test/tempCore'
import { until } from '../test/until'
import { signMessage, type Signer } from './envelope'
import { linkPair } from './link'
import { createMarketClient } from './marketClient'
import { createMarketHost, ephemeralSigner } from './marketHost'
import { createOfferLog } from './offerLog'
import type { Offer } from './protocol'
import { generateSealKey, seal } from './seal'
import { simNode } from './test/simNode'

const { fresh, removeAll } = tempDirs()
const cores: ReturnType<typeof tempCore>[] = []
afterEach(async () => {
  for (const c of cores.splice(0)) await c.stop()
  removeAll()
})

/** Bad frames into each side (docs/RELIABILITY.md). */
const RUNS = FUZZ_RUNS

/** Signed frames whose bodies break the schema in generated ways. */
function badBodies(type: 'bid' | 'offer' | 'settlement' | 'award' | 'result') {
  return fc.record({ field: fc.string({ maxLength: 12 }), value: fc.oneof(fc.integer({ min: -1e15, max: -1 }), fc.string(), fc.constant(null), fc.jsonValue({ maxDepth: 2 })) }).map(({ field, value }) => ({ type, body: { offerId: 'not-a-uuid', [field || 'x']: value } }))
}

/** A bad frame of one of the kinds a market or a node must survive, as text. */
function badFrame(signer: Signer, now: number, replayable: string) {
  return fc.oneof(
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc.string({ maxLength: 200 }),
    fc.constant(replayable),
    fc.oneof(badBodies('bid'), badBodies('offer'), badBodies('settlement'), badBodies('award'), badBodies('result')).map(({ type, body }) => JSON.stringify(signMessage(type as never, body as never, signer, now))),
    fc.integer({ min: 61_000, max: 1e9 }).map((skew) => JSON.stringify(signMessage('heartbeat', { running: [] }, signer, now - skew))),
    fc.base64String({ minLength: 8, maxLength: 88 }).map((sig) => JSON.stringify({ ...signMessage('heartbeat', { running: [] }, signer, now), sig })),
    fc.constantFrom('v', 'type', 'from', 'nonce', 'ts', 'sig').map((k) => {
      const e: Record<string, unknown> = { ...signMessage('heartbeat', { running: [] }, signer, now) }
      delete e[k]
      return JSON.stringify(e)
    })
  )
}

describe('market wire fuzzing', () => {
  it(`market side: ${RUNS} generated bad frames are refused, nothing is booked, and the market still settles a real job once`, async () => {
    let t = Date.now()
    const settled: string[] = []
    const rejected: string[] = []
    const host = createMarketHost({ now: () => t, log: silentLogger(), signer: ephemeralSigner(), mode: 'coordinator', bidWindowMs: 100, onSettled: (s) => settled.push(s.jobId), onRejected: (code) => rejected.push(code) })
    const node = simNode({ now: () => t, priceMicro: 10_000 })
    const [a, b] = linkPair()
    host.attach(b)
    node.connect(a)
    await until(() => host.engine.reputation().length === 1)
    const genuine = node.frame('heartbeat', { running: [] })
    a.send(genuine)
    const frames = fc.sample(badFrame(node.signer, t, genuine), RUNS)
    for (const f of frames) a.send(f)
    // Every bad frame is answered with an error; none is booked.
    await until(() => node.of('error').length >= RUNS, 20_000)
    expect(rejected).toHaveLength(RUNS)
    expect(host.engine.book()).toHaveLength(0)
    expect(settled).toHaveLength(0)

    host.engine.post({ bundle: matmulBundle(t, { n: 8, k: 4, m: 2, canaries: 2, price: { microUnits: 50_000 } }), title: 'after the storm' })
    await until(() => host.engine.book().some((o) => o.bids === 1))
    t += 200
    host.engine.tick()
    await until(() => settled.length === 1)
    await until(() => node.of('settlement').length === 1)
  }, 60_000)

  it(`node side: ${RUNS} generated bad frames, impossible offers and bogus settlements leave the node working with an empty ledger`, async () => {
    const core = tempCore()
    cores.push(core)
    await core.start()
    const dir = fresh()
    const { db } = openDatabase(dir)
    const market = ephemeralSigner()
    const sealKey = generateSealKey()
    const t = () => Date.now()
    const [nodeEnd, marketEnd] = linkPair()
    const fromNode: { type: string; body: unknown }[] = []
    marketEnd.onMessage((text) => fromNode.push(JSON.parse(text) as never))
    const client = createMarketClient({
      market: 'fuzz',
      mode: 'coordinator',
      key: loadOrCreateNodeKey({ dataDir: dir, clock: { now: t } }),
      sealKey,
      clock: { now: t },
      log: silentLogger(),
      events: core.events,
      jobs: core.jobs,
      offers: createOfferLog(db),
      hello: () => ({ nodeKey: market.publicKeyPem, sealKey: generateSealKey().publicKeyB64, region: 'any', backend: 'cpu', gpus: [], bench: null, capacity: 1, version: 't' }),
      facts: () => ({ region: 'any', vramMiB: 0, backend: 'cpu', paused: false, busy: 0, capacity: 2 }),
      predictMs: () => ({ ms: 10 }),
      pricing: () => ({ floorMicroPerGpuHour: 1000, tariffMicroPerKwh: 1, powerWatts: null, marginPct: 0, surplusShare: 0 }),
      outcome: () => {}
    })
    client.attach(nodeEnd)
    marketEnd.send(JSON.stringify(signMessage('welcome', { nodeId: 'aaaaaaaaaaaaaaaa', marketKey: market.publicKeyPem, serverTime: t(), mode: 'coordinator' }, market, t())))
    await until(() => client.status().state === 'connected')
    const offer = (o: Partial<Offer>): Offer => ({
      offerId: crypto.randomUUID(),
      kind: 'matmul',
      title: 'fuzz',
      requirements: { vramMiB: 0, region: 'any', backends: [] },
      sla: { deadline: t() + 60_000 },
      work: { kind: 'matmul', flops: 1e6, bytes: 1e3, rows: 8, batchSize: 4 },
      price: { unit: 'per1kItems', maxMicro: 1_000_000, currency: 'DEMO' },
      items: 8,
      bundleBytes: 100,
      postedAt: t(),
      closesAt: t() + 1000,
      ...o
    })
    const genuine = JSON.stringify(signMessage('heartbeat', { running: [] }, market, t()))
    const frames = [
      ...fc.sample(badFrame(market, t(), genuine), RUNS),
      // Impossible offers, correctly signed: a deadline already past, a bound no node can meet.
      ...Array.from({ length: 20 }, (_, i) => JSON.stringify(signMessage('offer', offer(i % 2 ? { sla: { deadline: t() - 1 } } : { sla: { deadline: t() + 60_000, maxLatencyMsP95: 1e-9 } }), market, t()))),
      // Awards whose sealed box is garbage or sealed to someone else, settlements for jobs that do not exist.
      ...Array.from({ length: 20 }, () => JSON.stringify(signMessage('award', { offerId: crypto.randomUUID(), jobId: crypto.randomUUID(), priceMicro: 5, sealed: seal(Buffer.from('{}'), generateSealKey().publicKeyB64, 'x') }, market, t()))),
      ...Array.from({ length: 20 }, () => JSON.stringify(signMessage('settlement', { jobId: crypto.randomUUID(), offerId: crypto.randomUUID(), outcome: 'full', reason: 'r', currency: 'DEMO', lines: [{ kind: 'earning', amountMicro: 999, memo: 'x' }], totalMicro: 999, settledAt: t() }, market, t())))
    ]
    for (const f of frames) marketEnd.send(f)
    await until(() => fromNode.filter((m) => m.type === 'failed').length === 20 && fromNode.filter((m) => m.type === 'ack').length === 20, 20_000)
    expect(fromNode.filter((m) => m.type === 'bid')).toHaveLength(0)
    expect(await core.api['ledger.entries']({})).toEqual([])
    expect(await core.api['jobs.list']({})).toEqual([])
    expect(db.prepare("SELECT count(*) FROM market_offers WHERE decision = 'skip' AND reason = 'sla'").pluck().get()).toBe(20)

    // Still working: a real offer gets a bid, a real award becomes a queued job.
    const real = offer({})
    marketEnd.send(JSON.stringify(signMessage('offer', real, market, t())))
    await until(() => fromNode.some((m) => m.type === 'bid'))
    const bundle = matmulBundle(t(), { n: 8, k: 4, m: 2, canaries: 0 })
    marketEnd.send(JSON.stringify(signMessage('award', { offerId: real.offerId, jobId: bundle.id, priceMicro: 5, sealed: seal(Buffer.from(JSON.stringify(bundle)), sealKey.publicKeyB64, bundle.id) }, market, t())))
    await until(async () => (await core.api['jobs.list']({})).some((j) => j.id === bundle.id && j.source === 'market' && j.state === 'queued'))
    expect(await storeSoundness(core)).toMatchObject({ integrity: 'ok', ledger: { ok: true, value: { ok: true } } })
    db.close()
    client.close()
  }, 60_000)
})
