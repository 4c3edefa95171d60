// Jobs end to end inside a real core: real SQLite, the real compute runner child process, real tfjs.
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { tempCore } from '../test/tempCore'
import { until } from '../test/until'
import { longTrainBundle, matmulBundle, matmulRef } from './test/bundles'
import { finished } from './test/finished'

const cores: ReturnType<typeof tempCore>[] = []
afterEach(async () => {
  for (const c of cores.splice(0)) await c.stop()
})

async function node(jobRunMs?: number) {
  const core = tempCore({ runner: true, jobRunMs })
  cores.push(core)
  await core.start()
  return core
}


describe('job service', () => {
  it('runs a matmul job, checks its canaries, signs a receipt and pays into a verifiable ledger', async () => {
    const core = await node()
    const bundle = matmulBundle(Date.now(), { n: 40, k: 16, m: 4, canaries: 5, batchSize: 8, sla: { maxLatencyMsP95: 10_000, minThroughputPerSec: 1 } })
    const accepted = await core.api['jobs.submit'](bundle)
    // Queued while the runner starts; straight to the runner once it is idle (the next test).
    expect(['queued', 'running']).toContain(accepted.state)
    expect((await finished(core, bundle.id)).state).toBe('done')

    const job = await core.api['jobs.get'](bundle.id)
    expect(job.metrics).toMatchObject({ items: 40, canaries: 5, canaryAccuracy: 1, batches: 6 })
    expect(job.verdict!.met).toBe(true)
    expect(job.verdict!.bounds.map((b) => b.bound)).toEqual(['latencyP95', 'throughput', 'accuracy', 'deadline'])
    expect(job.receiptValid).toBe(true)
    expect(job.receipt!.receipt).toMatchObject({ jobId: bundle.id, bundleDigest: job.bundleDigest, outputDigest: job.outputDigest, nodeKeyId: (await core.api['identity.get']()).keyId })
    // 40 items at 1 credit per 1k items, settled at once (the lab is its own buyer).
    expect(job.payMicro).toBe(40_000)
    expect(job.ledger).toEqual([expect.objectContaining({ kind: 'earning', amountMicro: 40_000, currency: 'DEMO', jobId: bundle.id })])
    expect(job.settledAt).not.toBeNull()

    // The outputs are the real products, canaries taken out, in input order.
    const result = await core.api['jobs.result'](bundle.id)
    const x = bundle.payload.inputs.data as number[]
    const ref = matmulRef(x, bundle.payload.weights.data as number[], 40, 16, 4)
    expect(result.shape).toEqual([40, 4])
    result.outputs.forEach((v, i) => expect(v).toBeCloseTo(ref[i]!, 4))

    expect(await core.api['ledger.verify']()).toMatchObject({ ok: true, rows: 1, firstBad: null })
    const earnings = await core.api['earnings.summary']()
    expect(earnings.periods.find((p) => p.period === 'today')!.totals).toEqual([expect.objectContaining({ currency: 'DEMO', earnedMicro: 40_000, netMicro: 40_000, settledMicro: 40_000, pendingMicro: 0, jobs: 1 })])
    expect((await core.api['sla.summary']({})).compliancePct).toBe(100)
    expect(await core.api['earnings.csv']()).toMatch(/^seq,time_utc,kind,job_id,amount,currency,memo,prev_hash,hash\n1,.*,earning,.*,0\.040000,DEMO,/)
  })

  it('an idle runner takes a job at once; the job is stored, bundle and all, before submit answers', async () => {
    const core = await node()
    await until(async () => (await core.api['bench.backend']()).state === 'ready')
    const plain = matmulBundle(Date.now(), { n: 64, k: 16, m: 4 })
    const inputs = { shape: [64, 16], base64: Buffer.from(new Float32Array(plain.payload.inputs.data as number[]).buffer).toString('base64') }
    const bundle = { ...plain, payload: { ...plain.payload, inputs } }
    const accepted = await core.api['jobs.submit'](bundle)
    expect(accepted.state).toBe('running')
    // What a crash right now would leave: another connection sees the row and the data to run it again.
    const other = new Database(join(core.dir, 'ingot.db'), { readonly: true })
    try {
      expect(other.prepare('SELECT state, attempts, started_at IS NOT NULL AS started FROM jobs WHERE id = ?').get(bundle.id)).toEqual({ state: 'running', attempts: 1, started: 1 })
      expect(other.prepare('SELECT length(data) FROM job_bundles WHERE job_id = ?').pluck().get(bundle.id)).toBe(64 * 16 * 4)
    } finally {
      other.close()
    }
    expect(await finished(core, bundle.id)).toMatchObject({ state: 'done', met: true })
    expect(await core.api['ledger.verify']()).toMatchObject({ ok: true, rows: 1 })
  })

  it('a submission the database will not store is refused, and the runner lets it go', async () => {
    const core = await node()
    await until(async () => (await core.api['bench.backend']()).state === 'ready')
    // A real refusal from SQLite, made from another connection, as a failing disk would make one.
    const other = new Database(join(core.dir, 'ingot.db'))
    other.exec("CREATE TRIGGER refuse_bundles BEFORE INSERT ON job_bundles BEGIN SELECT RAISE(ABORT, 'refused by the test'); END")
    const refused = matmulBundle(Date.now(), { n: 64 })
    expect(await core.dispatch('jobs.submit', [refused])).toMatchObject({ ok: false })
    expect(await core.api['jobs.list']({})).toEqual([])
    other.exec('DROP TRIGGER refuse_bundles')
    other.close()
    const next = matmulBundle(Date.now())
    await core.api['jobs.submit'](next)
    expect(await finished(core, next.id)).toMatchObject({ state: 'done' })
    expect(await core.api['ledger.verify']()).toMatchObject({ ok: true, rows: 1 })
  })

  it('pays nothing for wrong results: canaries that do not match breach the accuracy bound', async () => {
    const core = await node()
    const bundle = matmulBundle(Date.now(), { wrongCanaries: true })
    await core.api['jobs.submit'](bundle)
    const job = await finished(core, bundle.id)
    expect(job).toMatchObject({ state: 'done', met: false, payMicro: 0 })
    const detail = await core.api['jobs.get'](bundle.id)
    expect(detail.verdict!.bounds.find((b) => b.bound === 'accuracy')).toMatchObject({ met: false, measured: 0, reason: 'canary accuracy 0% < 100% required' })
    expect(detail.ledger).toEqual([])
    expect((await core.api['sla.summary']({})).breaches).toEqual([expect.objectContaining({ jobId: bundle.id, bound: 'accuracy' })])
  })

  it('gives the GPU back at once on pause (the job is requeued), runs it on resume, and cancels queued jobs', async () => {
    const core = await node()
    // Seconds of training: a matmul of one-row batches could finish before the pause lands.
    const long = longTrainBundle(Date.now(), 2000)
    const queuedBehind = matmulBundle(Date.now())
    await core.api['jobs.submit'](long)
    await core.api['jobs.submit'](queuedBehind)
    await until(async () => (await core.api['jobs.get'](long.id)).progress.done > 0)
    await core.api['node.pause']()
    await until(async () => (await core.api['jobs.get'](long.id)).state === 'queued', 5000)
    expect((await core.api['jobs.get'](long.id)).error).toMatchObject({ code: 'E_PAUSED' })
    expect((await core.api['jobs.cancel'](queuedBehind.id)).state).toBe('cancelled')
    const resumedAt = Date.now()
    await core.api['node.resume']()
    expect((await finished(core, long.id)).state).toBe('done')
    // Run again after the resume, and not counted as an interruption (the owner's pause is no fault).
    const job = await core.api['jobs.get'](long.id)
    expect(job.startedAt).toBeGreaterThanOrEqual(resumedAt)
    expect(job.interruptions).toBe(0)
  })

  it('stops a job that computes past its time limit: failed, unpaid, and the next job runs', async () => {
    const core = await node(300)
    // Seconds of training (a matmul of one-row batches now finishes inside 300 ms).
    const long = longTrainBundle(Date.now(), 1000)
    const next = matmulBundle(Date.now())
    await core.api['jobs.submit'](long)
    await core.api['jobs.submit'](next)
    expect(await finished(core, long.id)).toMatchObject({ state: 'failed', payMicro: 0, error: { code: 'E_TIMEOUT' } })
    expect((await core.api['jobs.get'](long.id)).ledger).toEqual([])
    expect((await finished(core, next.id)).state).toBe('done')
    // Not delivering is the node's fault: it counts as a breach.
    expect((await core.api['sla.summary']({})).breaches).toEqual([expect.objectContaining({ jobId: long.id, bound: 'deadline' })])
  })

  it('a cancel is final: a pause right after it does not bring the job back', async () => {
    const core = await node()
    const long = longTrainBundle(Date.now(), 2000)
    await core.api['jobs.submit'](long)
    await until(async () => (await core.api['jobs.get'](long.id)).progress.done > 0)
    await core.api['jobs.cancel'](long.id)
    await core.api['node.pause']()
    expect(await finished(core, long.id)).toMatchObject({ state: 'cancelled', payMicro: 0 })
    await core.api['node.resume']()
    await new Promise((r) => setTimeout(r, 300))
    expect((await core.api['jobs.get'](long.id)).state).toBe('cancelled')
  })

  it('refuses local jobs priced in real money: the node would be billing itself', async () => {
    const core = await node()
    const r = await core.dispatch('jobs.submit', [matmulBundle(Date.now(), { price: { currency: 'USD' } })])
    expect(r).toMatchObject({ ok: false, error: { code: 'E_BAD_INPUT', field: 'price.currency' } })
  })

  it("feeds each finished job's measured time to the performance model", async () => {
    const core = await node()
    const run = await core.api['bench.run']({ mode: 'quick' })
    await until(async () => (await core.api['bench.history']({})).find((r) => r.id === run.id)?.status === 'ok', 60_000)
    expect((await core.api['bench.model']()).observations).toBe(0)
    const b = matmulBundle(Date.now(), { n: 64, k: 64, m: 64 })
    await core.api['jobs.submit'](b)
    await finished(core, b.id)
    expect((await core.api['bench.model']()).observations).toBe(1)
  }, 90_000)

  it('keeps tfjs memory flat across 1,000 jobs', async () => {
    const core = await node()
    const tensors: number[] = []
    core.events.on('jobs.changed', (j) => {
      if (j.state === 'done') core.api['bench.backend']().then((b) => tensors.push(b.memory!.tfTensors!))
    })
    const ids: string[] = []
    for (let i = 0; i < 1000; i++) {
      const b = matmulBundle(Date.now(), { n: 4, k: 8, m: 2, canaries: 1, seed: i + 1 })
      ids.push(b.id)
      await core.api['jobs.submit'](b)
    }
    await finished(core, ids.at(-1)!, 120_000)
    await until(() => tensors.length === 1000)
    expect(new Set(tensors.slice(5)).size).toBe(1)
    expect(tensors.at(-1)).toBe(tensors[5])
    expect((await core.api['jobs.list']({ state: 'done', limit: 500 })).length).toBe(500)
    expect(await core.api['ledger.verify']()).toMatchObject({ ok: true, rows: 1000 })
  }, 180_000)
})
