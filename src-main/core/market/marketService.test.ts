// The embedded demo market end to end inside a real core: the engine, demo buyers posting real
// MNIST and matmul jobs, the node bidding from its benchmark, the real compute runner, signed
// receipts, the market's hidden-canary check, settlement into the node's ledger.
import { afterEach, describe, expect, it } from 'vitest'
import type { BenchRun } from '../../../src-preload/contract'
import { createCore } from '../app'
import { longTrainBundle, matmulBundle } from '../jobs/test/bundles'
import { fakeNvidiaSmi } from '../gpu/test/fakeSmi'
import { silentLogger } from '../log'
import { builtRunner, tempCore, tempDir } from '../test/tempCore'
import { until } from '../test/until'

const cores: ReturnType<typeof tempCore>[] = []
afterEach(async () => {
  for (const c of cores.splice(0)) await c.stop()
})

describe('embedded demo market', () => {
  it('fills the node with real market jobs that are settled into a verifiable ledger in demo credits', async () => {
    const core = tempCore({ runner: true, market: { firstOfferMs: 50, gapMs: () => 300, bidWindowMs: 150, maxOpenOffers: 2 } })
    cores.push(core)
    await core.start()
    expect(await core.api['market.estimate']()).toBeNull()
    // Before any benchmark the node cannot predict its speed: it sees offers and says why it skips them.
    await until(async () => (await core.api['market.why']({})).skipped.some((s) => s.reason === 'no-benchmark'), 20_000)
    expect((await core.api['market.status']()).state).toBe('connected')

    const done = new Promise<BenchRun>((resolve) => core.events.on('bench.finished', resolve))
    await until(() => core.bench.backend().chosen !== null, 30_000)
    await core.api['bench.run']({ mode: 'quick' })
    expect((await done).status).toBe('ok')
    // Measured: the model predicts a day of demo credits (labelled as a prediction).
    const estimate = await core.api['market.estimate']()
    expect(estimate).toMatchObject({ currency: 'DEMO', basis: expect.stringMatching(/^A prediction/) })
    expect(estimate!.perDayMicro).toBeGreaterThan(0)

    // Now it bids; awarded jobs run and the market settles them.
    await until(async () => (await core.api['market.status']()).settled >= 3, 90_000)
    const status = await core.api['market.status']()
    expect(status).toMatchObject({ mode: 'embedded', state: 'connected' })
    expect(status.won).toBeGreaterThanOrEqual(3)

    const settledJobs = (await core.api['jobs.list']({ state: 'done' })).filter((j) => j.source === 'market')
    expect(settledJobs.length).toBeGreaterThanOrEqual(3)
    for (const j of settledJobs.slice(0, 3)) {
      const d = await core.api['jobs.get'](j.id)
      if (d.settledAt === null) continue
      expect(d.receiptValid).toBe(true)
      expect(d.currency).toBe('DEMO')
      // The ledger holds exactly what the market settled.
      expect(d.ledger.reduce((s, l) => s + l.amountMicro, 0)).toBe(d.payMicro)
      // Settled: the outputs were the market's and are not kept (the receipt holds their digest).
      expect(await core.dispatch('jobs.result', [j.id])).toMatchObject({ ok: false, error: { code: 'E_NOT_FOUND', message: expect.stringMatching(/settled/) } })
    }
    expect((await core.api['ledger.verify']()).ok).toBe(true)
    const earnings = await core.api['earnings.summary']()
    expect(earnings.periods.find((p) => p.period === 'all')!.totals[0]).toMatchObject({ currency: 'DEMO' })

    // Settlements with the market's reasons, for Earnings.
    const settled = await core.api['market.settlements']({})
    expect(settled.length).toBeGreaterThanOrEqual(3)
    for (const s of settled) {
      expect(s.currency).toBe('DEMO')
      expect(['full', 'penalised', 'zero']).toContain(s.outcome)
      const d = await core.api['jobs.get'](s.jobId)
      expect(d.ledger.reduce((sum, l) => sum + l.amountMicro, 0)).toBe(s.totalMicro)
    }
    const why = await core.api['market.why']({})
    expect(why.seen).toBeGreaterThanOrEqual(why.bid)
    expect(why.won).toBeGreaterThanOrEqual(3)
    const offers = await core.api['market.offers']({ decision: 'bid' })
    expect(offers.some((o) => o.outcome === 'won' && o.jobId !== null)).toBe(true)
    // Every offer's what-if at the current floor bids at most on what could reach pricing.
    expect(why.whatIf.find((w) => w.floorMicroPerGpuHour === why.floorMicroPerGpuHour)!.wouldBid).toBeLessThanOrEqual(why.seen)
  }, 180_000)

  it("hands the market's jobs back when the owner pauses, so it offers them again; the lab's own job waits", async () => {
    const core = tempCore({ runner: true, market: { firstOfferMs: 50, gapMs: () => 200, bidWindowMs: 150, maxOpenOffers: 3 } })
    cores.push(core)
    await core.start()
    await until(() => core.bench.backend().state === 'ready', 60_000)
    await core.api['bench.run']({ mode: 'quick' })
    await until(async () => (await core.api['bench.history']({})).some((r) => r.status === 'ok'), 60_000)
    // The lab's long job (seconds of training) holds the runner: market jobs won meanwhile wait behind it.
    const lab = longTrainBundle(Date.now(), 5000)
    await core.api['jobs.submit'](lab)
    const waitingMarketJobs = async () => (await core.api['jobs.list']({ state: 'queued' })).filter((j) => j.source === 'market')
    await until(async () => (await waitingMarketJobs()).length > 0, 60_000)
    const handed = await waitingMarketJobs()

    await core.api['node.pause']()
    await until(async () => (await core.api['jobs.list']({ state: 'running' })).length === 0, 10_000)
    expect(await waitingMarketJobs()).toEqual([])
    for (const j of handed) expect(await core.api['jobs.get'](j.id)).toMatchObject({ state: 'cancelled', error: { message: expect.stringMatching(/^Handed back to the market: Paused by you/) } })
    // The market took them back at once (a failure on this node's record) and offers them to others.
    const keyId = (await core.api['identity.get']()).keyId
    await until(() => (core.market.embeddedEngine()!.reputation().find((r) => r.nodeId === keyId)?.failed ?? 0) >= handed.length, 5000)
    // The lab's job is not the market's: back in the queue, and it runs once the owner resumes.
    expect((await core.api['jobs.get'](lab.id)).state).toBe('queued')
    await core.api['node.resume']()
    await until(async () => (await core.api['jobs.get'](lab.id)).state === 'done', 60_000)
    expect((await core.api['ledger.verify']()).ok).toBe(true)
  }, 150_000)

  it('pauses as unprofitable when no offer would pay the electricity its work would cost, and says so', async () => {
    const d = tempDir()
    const core = createCore({ dataDir: d.dir, log: silentLogger(), shell: 'headless', nvidiaSmi: fakeNvidiaSmi, rocmSmi: '/nonexistent/rocm-smi', runnerFile: builtRunner, autoBenchmark: false, market: true, marketDemo: { firstOfferMs: 50, gapMs: () => 200, bidWindowMs: 150, maxOpenOffers: 3 } })
    const stop = core.stop
    cores.push(Object.assign(core, { dir: d.dir, stop: async () => (await stop(), d.remove()) }))
    // 10,000 credits per kWh: the stand-in's two RTX 2070 would burn far more than any demo buyer pays.
    await core.dispatch('settings.update', [{ tariffMicroPerKwh: 10_000_000_000, telemetryIntervalMs: 250 }])
    await core.start()
    await until(() => core.telemetry.gpuJoules() !== null, 20_000)
    await until(() => core.bench.backend().state === 'ready', 60_000)
    await core.api['bench.run']({ mode: 'quick' })
    await until(async () => (await core.api['node.status']()).reason === 'unprofitable', 60_000)
    expect((await core.api['node.status']()).line).toBe('Paused: expected pay is below the electricity it would cost')
    // Held back from the market: offers keep coming, no bid goes out.
    const bids = (await core.api['market.status']()).bids
    // Open offers come round again after every window nobody won; none of them gets a bid.
    await new Promise((r) => setTimeout(r, 2000))
    expect((await core.api['market.status']()).bids).toBe(bids)
    // The lab's own jobs still run: electricity is the market's question, not theirs.
    const job = matmulBundle(Date.now(), { n: 8, k: 4, m: 2, canaries: 1 })
    await core.api['jobs.submit'](job)
    await until(async () => (await core.api['jobs.get'](job.id)).state === 'done', 30_000)
  }, 120_000)
})
