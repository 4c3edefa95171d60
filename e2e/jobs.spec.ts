// A lab runs a real-model job on its own node through the CLI, then sees it in the UI; the ledger
// verifies, and a row edited by hand is caught.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { expect, test } from '@playwright/test'
import { mnistLabelsFor } from '../src-main/core/jobs/mnistJob'
import { repoRoot, screenshotPath, startNode, tempDataDir, type RunningNode } from './fixtures/headlessNode'
import { skipOnboarding } from './fixtures/onboarding'

// A fresh node has no benchmark: the first-start setup would cover the app (onboarding.spec.ts tests it).
test.beforeEach(async ({ page }) => skipOnboarding(page))

const cli = (dataDir: string, ...args: string[]) => {
  const r = spawnSync(process.execPath, [join(repoRoot, 'out', 'main', 'ingotCli.js'), ...args, '--data-dir', dataDir], { encoding: 'utf8', timeout: 120_000 })
  return { code: r.status, out: `${r.stdout}${r.stderr}` }
}

let node: RunningNode
let dataDir: string
test.beforeAll(async () => {
  dataDir = tempDataDir()
  node = await startNode({ dataDir })
})
test.afterAll(async () => {
  if (node) await node.stop()
})

test('a lab submits a real-model job with the CLI; Jobs, Earnings and SLA show it; the ledger verifies and catches tampering', async ({ page }, testInfo) => {
  test.setTimeout(180_000)
  const jobFile = join(dataDir, 'job.json')
  expect(cli(dataDir, 'make-job', 'mnist', '--count', '200', '--out', jobFile).code).toBe(0)
  const submitted = cli(dataDir, 'submit', jobFile, '--wait')
  expect(submitted.out).toMatch(/queued [0-9a-f-]{36}/)
  expect(submitted.out).toMatch(/inference, done, 200\/200 items/)
  expect(submitted.out).toMatch(/met\s+accuracy: canary accuracy [\d.]+% ≥ 90%\n/)
  expect(submitted.out).toMatch(/pay: 0\.010000 demo credits; receipt signature valid/)
  expect(submitted.code).toBe(0)
  const id = /queued ([0-9a-f-]{36})/.exec(submitted.out)![1]!

  expect(cli(dataDir, 'status', id).out).toContain(`job ${id}: inference, done`)
  // The outputs are real: compared with the true labels of the shipped test digits, not with the node's own.
  const resultFile = join(dataDir, 'result.json')
  expect(cli(dataDir, 'result', id, '--out', resultFile).code).toBe(0)
  const result = JSON.parse(readFileSync(resultFile, 'utf8')) as { shape: number[]; outputs: number[] }
  expect(result.shape).toEqual([200, 10])
  const labels = mnistLabelsFor(200, 0)
  const right = labels.filter((label, i) => {
    const row = result.outputs.slice(i * 10, i * 10 + 10)
    return row.indexOf(Math.max(...row)) === label
  }).length
  expect(right / 200).toBeGreaterThan(0.9)

  await page.goto(node.url)
  const shot = async (name: string) => {
    const file = screenshotPath(`jobs-flow-${name}`)
    await page.screenshot({ path: file, fullPage: true })
    await testInfo.attach(name, { path: file, contentType: 'image/png' })
  }
  await expect(page.getByTestId('overview-today')).toContainText('demo credits')
  await expect(page.getByTestId('overview-sla')).toContainText('100')
  await shot('overview')

  const nav = page.getByRole('navigation', { name: 'Pages' })
  await nav.getByRole('link', { name: 'Jobs', exact: true }).click()
  const row = page.locator(`[data-testid="job-row"][data-job-id="${id}"]`)
  await expect(row).toContainText(/done/i)
  await row.click()
  const detail = page.getByTestId('job-detail')
  await expect(detail.getByTestId('job-verdict')).toContainText(/met/i)
  await expect(detail).toContainText('accuracy')
  await expect(detail.getByTestId('receipt-check')).toContainText('Signature valid')
  await shot('jobs')

  await nav.getByRole('link', { name: 'Earnings', exact: true }).click()
  await expect(page.getByTestId('earnings-today')).toContainText('0.01')
  await expect(page.getByTestId('earnings-today')).toContainText('demo credits')
  await page.getByRole('button', { name: /verify ledger/i }).click()
  await expect(page.getByTestId('ledger-verify-result')).toContainText(/1 row/)
  await shot('earnings')

  await nav.getByRole('link', { name: 'SLA', exact: true }).click()
  await expect(page.getByTestId('sla-compliance')).toContainText('100')
  await shot('sla')

  expect(cli(dataDir, 'ledger', 'verify').out).toMatch(/^ledger ok: 1 rows, head [0-9a-f]{64}/)
  expect(await node.stop()).toBe(0)

  // By hand, as someone editing the file would: past the append-only triggers, change the amount.
  const db = new Database(join(dataDir, 'ingot.db'))
  db.exec('DROP TRIGGER ledger_no_update')
  db.prepare('UPDATE ledger SET amount_micro = amount_micro * 10 WHERE seq = 1').run()
  db.close()
  const tampered = cli(dataDir, 'ledger', 'verify')
  expect(tampered.code).toBe(1)
  expect(tampered.out).toMatch(/ledger BROKEN at row 1: /)
})
