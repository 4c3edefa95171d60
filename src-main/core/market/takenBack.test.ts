// A node and a market the test hosts itself (the real engine and host, over an in-process link that
// carries the same signed frames as a WebSocket), so the test can send a revoke at a moment it
// chooses: while a job runs, and while an award is still being stored.
import { Writable } from 'node:stream'
import pino from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../app'
import { longTrainBundle, matmulBundle } from '../jobs/test/bundles'
import { silentLogger, type Log } from '../log'
import { builtRunner, tempDir } from '../test/tempCore'
import { until } from '../test/until'
import { linkPair } from './link'
import { createMarketHost, ephemeralSigner } from './marketHost'

const stops: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const s of stops.splice(0)) await s()
})

/** A started node, benchmarked, joined to a market this test holds; `onAward` sees each award the market sends. */
async function nodeAndMarket(onAward: (jobId: string) => void = () => {}, log: Log = silentLogger()) {
  const host = createMarketHost({ now: Date.now, log: silentLogger(), signer: ephemeralSigner(), mode: 'coordinator', bidWindowMs: 150 })
  const ticker = setInterval(() => host.engine.tick(), 50)
  const d = tempDir()
  const core: Core = createCore({
    dataDir: d.dir,
    log,
    shell: 'headless',
    runnerFile: builtRunner,
    autoBenchmark: false,
    market: true,
    marketConnect: (_url, onLink) => {
      const [nodeEnd, marketEnd] = linkPair()
      const send = marketEnd.send.bind(marketEnd)
      marketEnd.send = (text) => {
        send(text)
        const m = JSON.parse(text) as { type: string; body: { jobId?: string } }
        if (m.type === 'award') onAward(m.body.jobId!)
      }
      host.attach(marketEnd)
      onLink(nodeEnd)
      return { close: () => nodeEnd.close() }
    }
  })
  stops.push(async () => {
    clearInterval(ticker)
    await core.stop()
    d.remove()
  })
  await core.start()
  await until(() => core.bench.backend().state === 'ready', 60_000)
  await core.api['bench.run']({ mode: 'quick' })
  await until(async () => (await core.api['bench.history']({})).some((r) => r.status === 'ok'), 60_000)
  await core.api['settings.update']({ marketMode: 'coordinator', marketUrl: 'ws://market.test:7070' })
  await until(async () => (await core.api['market.status']()).state === 'connected', 10_000)
  const nodeId = (await core.api['identity.get']()).keyId
  return { core, host, nodeId }
}

const revoke = (host: ReturnType<typeof createMarketHost>, nodeId: string, jobId: string, reason: string) => host.send(nodeId, 'revoke', { jobId, reason })

describe('a job the market takes back', () => {
  it('is cancelled while it runs, with the market’s reason; a revoke for a job this market did not award changes nothing', async () => {
    const { core, host, nodeId } = await nodeAndMarket()
    // The lab's own job: not the market's to take.
    const lab = matmulBundle(Date.now(), { n: 8, k: 4, m: 2, canaries: 1 })
    revoke(host, nodeId, lab.id, 'a market may only take back its own jobs')
    await core.api['jobs.submit'](lab)
    revoke(host, nodeId, lab.id, 'a market may only take back its own jobs')
    await until(async () => (await core.api['jobs.get'](lab.id)).state === 'done', 30_000)

    const posted = host.engine.post({ bundle: longTrainBundle(Date.now(), 3000), title: 'training, seconds long' })
    const running = async () => (await core.api['jobs.list']({ state: 'running' })).find((j) => j.source === 'market')
    await until(async () => ((await running())?.progress.done ?? 0) > 0, 60_000)
    const job = (await running())!
    revoke(host, nodeId, job.id, 'the buyer withdrew the offer')
    await until(async () => (await core.api['jobs.get'](job.id)).state === 'cancelled', 10_000)
    expect(await core.api['jobs.get'](job.id)).toMatchObject({ payMicro: 0, error: { message: 'Taken back by the market: the buyer withdrew the offer' } })
    expect((await core.api['jobs.get'](job.id)).ledger).toEqual([])
    expect(host.engine.book().find((b) => b.offer.offerId === posted.offerId)?.awards).toHaveLength(1)
    expect((await core.api['jobs.get'](lab.id)).state).toBe('done')
    expect((await core.api['ledger.verify']()).ok).toBe(true)
  }, 180_000)

  it('is taken back even when the revoke overtakes the award while the node is still storing it', async () => {
    let sent: ((jobId: string) => void) | null = null
    const lines: string[] = []
    const log = pino({ level: 'info' }, new Writable({ write: (chunk: Buffer, _enc, done) => (lines.push(chunk.toString()), done()) }))
    const { core, host, nodeId } = await nodeAndMarket((jobId) => sent?.(jobId), log)
    const awarded: string[] = []
    // Right behind the award: it reaches the node before the award's job is stored.
    sent = (jobId) => {
      awarded.push(jobId)
      revoke(host, nodeId, jobId, 'taken back at once')
    }
    host.engine.post({ bundle: longTrainBundle(Date.now(), 3000), title: 'training, seconds long' })
    await until(() => awarded.length > 0, 60_000)
    await until(async () => (await core.dispatch('jobs.get', [awarded[0]])).ok, 10_000)
    await until(async () => (await core.api['jobs.get'](awarded[0]!)).state === 'cancelled', 10_000)
    expect(await core.api['jobs.get'](awarded[0]!)).toMatchObject({ payMicro: 0, error: { message: 'Taken back by the market: taken back at once' } })
    // It did overtake the award (the node was still storing the job), and was not turned away.
    expect(lines.some((l) => l.includes('revoke kept until its award is stored'))).toBe(true)
    expect(lines.some((l) => l.includes('did not award'))).toBe(false)
  }, 180_000)
})
