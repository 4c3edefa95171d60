// Soak: the embedded demo market at its maximum pace (INGOT_DEMO_PACE=max) for SOAK_MINUTES with the
// UI open in Chromium, moving between pages. Memory of the node, its compute runner and the page
// must stay flat, the database within its retention bounds, the event loop responsive. Figures go
// to test-results/soak.json and are quoted in docs/RELIABILITY.md.
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { expect, test } from '@playwright/test'
import { callApi } from './fixtures/api'
import { repoRoot, startNode, tempDataDir } from './fixtures/headlessNode'
import { skipOnboarding } from './fixtures/onboarding'

const minutes = Number(process.env.SOAK_MINUTES ?? 3)
const MiB = 1024 * 1024

const rssOf = (pid: number): number => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024
const inMiB = (g: { early: number; late: number }) => ({ early: Math.round((g.early / MiB) * 10) / 10, late: Math.round((g.late / MiB) * 10) / 10 })
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

interface Sample {
  atS: number
  mainRss: number
  mainHeap: number
  runnerRss: number
  pageHeap: number
  dbBytes: number
  loopP99Ms: number
  loopMaxMs: number
  ledgerRows: number
}

test(`soak: ${minutes} min of the demo market at full pace with the UI open, memory flat and the database bounded`, async ({ page }) => {
  test.setTimeout((minutes * 60 + 180) * 1000)
  const dataDir = tempDataDir()
  const node = await startNode({ dataDir, env: { INGOT_MARKET: 'on', INGOT_AUTOBENCH: '1', INGOT_DEMO_PACE: 'max' } })
  const samples: Sample[] = []
  try {
    await skipOnboarding(page)
    await page.goto(node.url)
    const cdp = await page.context().newCDPSession(page)
    // One scrape per sample: the event-loop gauges cover the time since the previous scrape.
    const scrape = async () => {
      const text = await (await fetch(`${node.origin}/metrics`, { headers: { Authorization: `Bearer ${node.token}` } })).text()
      return (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN)
    }
    const pages = ['Overview', 'Jobs', 'Earnings', 'Market', 'SLA', 'Hardware']
    // Work must be flowing before the clock starts: the first paid job.
    await expect.poll(async () => (await callApi<{ rows: number }>(node, 'ledger.verify')).rows, { timeout: 90_000, intervals: [1000] }).toBeGreaterThan(0)
    const started = Date.now()
    let visit = 0
    while (Date.now() - started < minutes * 60_000) {
      await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: pages[visit++ % pages.length], exact: true }).click()
      await page.waitForTimeout(5000)
      if (visit % 2 !== 0) continue
      await cdp.send('HeapProfiler.collectGarbage')
      const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }
      const runner = Number(execFileSync('pgrep', ['-P', String(node.pid)], { encoding: 'utf8' }).trim().split('\n')[0])
      const db = join(node.dataDir, 'ingot.db')
      const wal = `${db}-wal`
      const metric = await scrape()
      samples.push({
        atS: Math.round((Date.now() - started) / 1000),
        mainRss: rssOf(node.pid),
        mainHeap: metric('ingot_process_heap_used_bytes'),
        runnerRss: rssOf(runner),
        pageHeap: heap.usedSize,
        dbBytes: statSync(db).size + (statSync(wal, { throwIfNoEntry: false })?.size ?? 0),
        loopP99Ms: metric('ingot_event_loop_delay_p99_seconds') * 1000,
        loopMaxMs: metric('ingot_event_loop_delay_max_seconds') * 1000,
        ledgerRows: (await callApi<{ rows: number }>(node, 'ledger.verify')).rows
      })
    }
    expect(await callApi(node, 'ledger.verify')).toMatchObject({ ok: true, firstBad: null })
  } finally {
    expect(await node.stop()).toBe(0)
  }

  // Flat: after a warm-up quarter, the last third's median is within 20 % (plus slack) of the first third's.
  const warm = samples.slice(Math.floor(samples.length / 4))
  const third = Math.max(1, Math.floor(warm.length / 3))
  const early = warm.slice(0, third)
  const late = warm.slice(-third)
  const growth = (k: keyof Sample) => ({ early: median(early.map((s) => s[k])), late: median(late.map((s) => s[k])) })
  const report = {
    minutes,
    samples: samples.length,
    paidJobs: samples.at(-1)!.ledgerRows - samples[0]!.ledgerRows,
    mainRssMiB: inMiB(growth('mainRss')),
    mainHeapMiB: inMiB(growth('mainHeap')),
    runnerRssMiB: inMiB(growth('runnerRss')),
    pageHeapMiB: inMiB(growth('pageHeap')),
    dbMiB: inMiB(growth('dbBytes')),
    loopP99MsMedian: median(samples.map((s) => s.loopP99Ms)),
    loopP99Ms: growth('loopP99Ms'),
    loopMaxMs: Math.max(...samples.map((s) => s.loopMaxMs))
  }
  const db = new Database(join(node.dataDir, 'ingot.db'), { readonly: true })
  const rows = Object.fromEntries(['samples_raw', 'samples_1m', 'market_offers', 'jobs', 'job_bundles', 'job_outputs', 'ledger', 'policy_log'].map((t) => [t, db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number]))
  const integrity = db.pragma('integrity_check', { simple: true })
  db.close()
  rmSync(dataDir, { recursive: true, force: true })
  mkdirSync(join(repoRoot, 'test-results'), { recursive: true })
  writeFileSync(join(repoRoot, 'test-results', 'soak.json'), JSON.stringify({ report, rows, samples }, null, 2))
  console.log(JSON.stringify({ report, rows }))

  expect(integrity).toBe('ok')
  expect(report.paidJobs).toBeGreaterThan(minutes * 5)
  for (const k of ['mainRss', 'mainHeap', 'runnerRss', 'pageHeap'] as const) {
    const g = growth(k)
    expect(g.late, `${k}: ${(g.early / MiB).toFixed(1)} → ${(g.late / MiB).toFixed(1)} MiB`).toBeLessThan(g.early * 1.2 + 24 * MiB)
  }
  // Within retention: bundles go when a job ends, a settled market job's outputs at settlement, raw
  // samples after rollup; what stays grows by a few kB per job (its row, receipt and ledger lines).
  expect(rows.job_bundles).toBeLessThanOrEqual(3)
  expect(rows.job_outputs).toBeLessThanOrEqual(5)
  expect(rows.samples_raw).toBeLessThan(minutes * 60 * 2 + 600)
  const perJob = (samples.at(-1)!.dbBytes - samples[0]!.dbBytes) / Math.max(1, report.paidJobs)
  expect(perJob, `database growth per paid job: ${Math.round(perJob)} bytes`).toBeLessThan(16 * 1024)
  // Read from one scrape per sample (a second scrape would see an emptied histogram).
  expect(samples.every((x) => Number.isFinite(x.loopP99Ms) && Number.isFinite(x.loopMaxMs))).toBe(true)
  // Responsive, and not getting worse: multi-MB demo bundles are checked and hashed on the main
  // thread (docs/BENCHMARKS.md, job pipeline), which sets the level; a leak would make it climb.
  expect(report.loopP99MsMedian).toBeLessThan(500)
  const lag = growth('loopP99Ms')
  expect(lag.late, `event-loop p99: ${lag.early.toFixed(0)} → ${lag.late.toFixed(0)} ms`).toBeLessThan(lag.early * 1.5 + 50)
})
