// Crash safety: the real headless node is killed with SIGKILL at random points while jobs are
// submitted, run, and paid. Nothing acknowledged may be lost, nothing paid twice, and the ledger's
// hash chain must verify after every kill.
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { expect, test } from '@playwright/test'
import { verifyLedgerFile } from '../src-main/core/ledger/ledger'
import { longMatmulBundle, matmulBundle } from '../src-main/core/jobs/test/bundles'
import { startNode, tempDataDir, type RunningNode } from './fixtures/headlessNode'

const KILLS = 24

async function call<T>(node: RunningNode, method: string, ...args: unknown[]): Promise<{ ok: boolean; value?: T }> {
  const res = await fetch(`${node.origin}/api/${method}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${node.token}` }, body: JSON.stringify(args) })
  return (await res.json()) as { ok: boolean; value?: T }
}

/** Jobs of a few sizes, so kills land while idle, mid-job and while a finished job is being paid. */
function someJob(i: number) {
  return i % 4 === 0 ? longMatmulBundle(Date.now(), 3000, i + 1) : matmulBundle(Date.now(), { n: 4, k: 8, m: 2, canaries: 1, seed: i + 1 })
}

test('killed 24 times at random points: no acknowledged job lost, none paid twice, the chain verifies', async () => {
  test.setTimeout(400_000)
  const dataDir = tempDataDir()
  const dbFile = join(dataDir, 'ingot.db')
  const accepted = new Set<string>()
  let seed = 2026
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n)
  let jobNo = 0

  for (let round = 0; round < KILLS; round++) {
    const node = await startNode({ dataDir })
    // Kill only once jobs can run, so kills land mid-job however slowly the backend loads.
    await expect.poll(async () => (await call<{ state: string }>(node, 'bench.backend')).value?.state, { timeout: 60_000, intervals: [100] }).toBe('ready')
    const submits: Promise<void>[] = []
    const burst = 3 + rand(6)
    for (let i = 0; i < burst; i++) {
      const b = someJob(jobNo++)
      submits.push(
        call(node, 'jobs.submit', b).then(
          (r) => void (r.ok && accepted.add(b.id)),
          () => {}
        )
      )
    }
    await new Promise((r) => setTimeout(r, rand(1500)))
    process.kill(node.pid, 'SIGKILL')
    await node.stop()
    await Promise.allSettled(submits)
    const v = verifyLedgerFile(dbFile)
    expect(v, `after kill ${round + 1}`).toMatchObject({ ok: true, firstBad: null })
  }

  // One last, clean run works off everything left in the queue.
  const node = await startNode({ dataDir })
  await expect
    .poll(async () => {
      const queued = await call<unknown[]>(node, 'jobs.list', { state: 'queued' })
      const running = await call<unknown[]>(node, 'jobs.list', { state: 'running' })
      return queued.value!.length + running.value!.length
    }, { timeout: 120_000, intervals: [500] })
    .toBe(0)
  expect((await call<{ ok: boolean }>(node, 'ledger.verify')).value).toMatchObject({ ok: true })
  expect(await node.stop()).toBe(0)

  const db = new Database(dbFile, { readonly: true })
  const jobs = db.prepare<[], { id: string; state: string; pay_micro: number | null; interruptions: number }>('SELECT id, state, pay_micro, interruptions FROM jobs').all()
  const byId = new Map(jobs.map((j) => [j.id, j]))
  for (const id of accepted) expect(byId.has(id), `acknowledged job ${id} is in the database`).toBe(true)
  const paid = db.prepare<[], { job_id: string; earnings: number; total: number }>("SELECT job_id, sum(kind = 'earning') AS earnings, sum(amount_micro) AS total FROM ledger GROUP BY job_id").all()
  for (const p of paid) {
    const job = byId.get(p.job_id)!
    expect(job.state, `job ${p.job_id} has ledger rows, so it finished`).toBe('done')
    expect(p.earnings).toBe(1)
    expect(p.total).toBe(job.pay_micro)
  }
  const done = jobs.filter((j) => j.state === 'done')
  expect(done.every((j) => j.pay_micro === 0 || paid.some((p) => p.job_id === j.id))).toBe(true)
  // The kills did land mid-job: some jobs were interrupted and requeued.
  expect(jobs.some((j) => j.interruptions > 0)).toBe(true)
  expect(done.length).toBeGreaterThan(KILLS)
  db.close()
  test.info().annotations.push({ type: 'crash test', description: `${accepted.size} jobs acknowledged, ${done.length} done, ${jobs.filter((j) => j.interruptions > 0).length} interrupted, ${paid.length} paid` })
})
