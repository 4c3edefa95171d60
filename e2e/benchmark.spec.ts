import { expect, test } from '@playwright/test'
import { screenshotPath, startNode, type RunningNode } from './fixtures/headlessNode'
import { skipOnboarding } from './fixtures/onboarding'

// A fresh node has no benchmark: the first-start setup would cover the app (onboarding.spec.ts tests it).
test.beforeEach(async ({ page }) => skipOnboarding(page))

let node: RunningNode
test.beforeAll(async () => {
  node = await startNode()
})
test.afterAll(async () => {
  expect(await node.stop()).toBe(0)
})

test('Run benchmark: the progress bar advances, results appear, and the backend is named', async ({ page }) => {
  test.setTimeout(180_000)
  await page.goto(node.url)
  await page.getByRole('link', { name: 'Hardware', exact: true }).click()
  await expect(page.getByTestId('backend')).toContainText(/Computing with (WebAssembly|TensorFlow|plain JavaScript)/, { timeout: 30_000 })
  await page.getByRole('button', { name: 'Run benchmark' }).click()
  const bar = page.getByRole('progressbar', { name: 'Benchmark progress' })
  await expect(bar).toBeVisible()
  await expect.poll(async () => Number(await bar.getAttribute('value')), { timeout: 60_000 }).toBeGreaterThan(0)
  await page.screenshot({ path: screenshotPath('benchmark-running'), fullPage: true })
  const results = page.getByRole('table', { name: 'Latest benchmark results' })
  await expect(results).toBeVisible({ timeout: 150_000 })
  await expect(results).toContainText(/Matrix multiply 1024×1024 \(fp32\)\s*[\d.,]+ GFLOP\/s/)
  await expect(results).toContainText(/Memory bandwidth/)
  await expect(page.getByTestId('score')).toContainText(/Score \d+/)
  await expect(page.getByText(/% of peak: unknown — |of the (datasheet|theoretical) FP32 peak/)).toBeVisible()
  await expect(bar).toBeHidden()
  await page.screenshot({ path: screenshotPath('benchmark-results'), fullPage: true })
})

test('a benchmark can be cancelled and is recorded as cancelled, not as a result', async ({ page }) => {
  test.setTimeout(120_000)
  await page.goto(node.url)
  await page.getByRole('link', { name: 'Hardware', exact: true }).click()
  await expect(page.getByTestId('backend')).toBeVisible({ timeout: 30_000 })
  const before = await (await fetch(`${node.origin}/api/bench.history`, { method: 'POST', headers: { Authorization: `Bearer ${node.token}`, 'Content-Type': 'application/json' }, body: '[]' })).json()
  await page.getByRole('button', { name: 'Run benchmark' }).click()
  await page.getByRole('button', { name: 'Cancel' }).click()
  await expect(page.getByRole('progressbar', { name: 'Benchmark progress' })).toBeHidden({ timeout: 60_000 })
  const after = (await (await fetch(`${node.origin}/api/bench.history`, { method: 'POST', headers: { Authorization: `Bearer ${node.token}`, 'Content-Type': 'application/json' }, body: '[]' })).json()) as { value: { status: string; result: unknown }[] }
  expect(after.value.length).toBe(before.value.length + 1)
  expect(after.value[0]).toMatchObject({ status: 'cancelled', result: null })
})
