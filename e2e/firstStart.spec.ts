// First start as a new user gets it: a fresh data dir, the automatic benchmark on, the embedded demo
// market on. Within a minute the node has measured itself, won real jobs, run them and been paid
// in demo credits by the market.
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { repoRoot, startNode } from './fixtures/headlessNode'

test('a fresh node earns demo credits from real market jobs within a minute of starting', async () => {
  test.setTimeout(120_000)
  const started = Date.now()
  const node = await startNode({ env: { INGOT_MARKET: 'on', INGOT_AUTOBENCH: '1' } })
  const call = async <T>(method: string, ...args: unknown[]): Promise<T> =>
    ((await (await fetch(`${node.origin}/api/${method}`, { method: 'POST', headers: { Authorization: `Bearer ${node.token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(args) })).json()) as { value: T }).value
  try {
    // Paid, not just settled: a job whose canaries came out wrong would be settled at zero.
    const paid = async () => (await call<{ jobId: string; currency: string; totalMicro: number }[]>('market.settlements', {})).filter((s) => s.totalMicro > 0)
    await expect.poll(async () => (await paid()).length, { timeout: 60_000 - (Date.now() - started), intervals: [500] }).toBeGreaterThan(0)
    const settled = await paid()
    expect(settled[0]!.currency).toBe('DEMO')
    const job = await call<{ source: string; receiptValid: boolean; state: string }>('jobs.get', settled[0]!.jobId)
    expect(job).toMatchObject({ source: 'market', state: 'done', receiptValid: true })
    const earnings = await call<{ periods: { period: string; totals: { currency: string; jobs: number }[] }[] }>('earnings.summary')
    expect(earnings.periods.find((p) => p.period === 'today')!.totals).toEqual(expect.arrayContaining([expect.objectContaining({ currency: 'DEMO' })]))
    expect((await call<{ ok: boolean }>('ledger.verify')).ok).toBe(true)
    // A rig owner over SSH: `npm run ingot -- status` says the same in a few lines.
    const out = execFileSync(process.execPath, [join(repoRoot, 'out/main/ingotCli.js'), 'status', '--data-dir', node.dataDir], { encoding: 'utf8' })
    expect(out).toMatch(/^(EARNING|WAITING|PAUSED): /)
    expect(out).toContain('Market: embedded demo market, connected')
    expect(out).toMatch(/Today: [\d.]+ demo credits net over \d+ jobs?/)
    expect(out).toMatch(/SLA compliance \(30 days\): [\d.]+ % of \d+ jobs/)
  } finally {
    expect(await node.stop()).toBe(0)
  }
})
