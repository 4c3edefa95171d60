// First start as a new owner meets it: a fresh node (no benchmark: the fixture keeps INGOT_AUTOBENCH
// at 0) opens on the setup — what was found, a quick benchmark with progress, the earnings
// prediction with its basis, prices and hours saved through settings.update — and lands on
// Overview. Skipping lands there too, and Settings → "Run setup again" brings it back.
import { expect, test, type Page, type TestInfo } from '@playwright/test'
import { screenshotPath, startNode, type RunningNode } from './fixtures/headlessNode'
import { ONBOARDED_KEY, skipOnboarding } from './fixtures/onboarding'

async function call<T>(node: RunningNode, method: string, ...args: unknown[]): Promise<T> {
  const res = await fetch(`${node.origin}/api/${method}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${node.token}` }, body: JSON.stringify(args) })
  const body = (await res.json()) as { ok: boolean; value: T; error?: { message: string } }
  if (!body.ok) throw new Error(`${method}: ${body.error?.message}`)
  return body.value
}

const shot = async (page: Page, testInfo: TestInfo, name: string) => {
  const file = screenshotPath(`onboarding-${name}`)
  await page.screenshot({ path: file, fullPage: true })
  await testInfo.attach(name, { path: file, contentType: 'image/png' })
}

let node: RunningNode
test.afterEach(async () => {
  if (node) expect(await node.stop()).toBe(0)
})

test('a fresh node opens on the setup: GPUs, quick benchmark, a labelled prediction, prices saved, then Overview', async ({ page }, testInfo) => {
  test.setTimeout(150_000)
  node = await startNode()
  expect(await call<unknown[]>(node, 'bench.history')).toEqual([])
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))

  await page.goto(node.url)
  const flow = page.getByTestId('onboarding')
  await expect(flow).toBeVisible()
  const step = page.getByTestId('onboarding-step')
  await expect(step).toHaveAttribute('data-step', 'gpus')
  // This machine has no GPU: the empty state says what happens instead.
  await expect(step).toContainText('No GPU found — Ingot computes on the CPU: slower, still real')
  await expect(page.getByTestId('onboarding-skip')).toBeVisible()
  await shot(page, testInfo, 'gpus')
  await step.getByRole('button', { name: 'Next' }).click()

  await expect(step).toHaveAttribute('data-step', 'benchmark')
  await expect(page.getByTestId('onboarding-skip')).toBeVisible()
  await step.getByRole('button', { name: 'Run quick benchmark' }).click()
  const bar = step.getByRole('progressbar', { name: 'Benchmark progress' })
  await expect(bar).toBeVisible()
  await expect.poll(async () => Number(await bar.getAttribute('value')), { timeout: 60_000 }).toBeGreaterThan(0)
  await shot(page, testInfo, 'benchmark-running')
  await expect(step.getByTestId('onboarding-bench-result')).toContainText(/Done: score \d+/, { timeout: 90_000 })
  await expect(bar).toHaveAttribute('value', '100')
  await step.getByRole('button', { name: 'Next' }).click()

  await expect(step).toHaveAttribute('data-step', 'estimate')
  const estimate = page.getByTestId('onboarding-estimate')
  await expect(estimate).toBeVisible({ timeout: 30_000 })
  await expect(estimate).toContainText('demo credits')
  await expect(estimate).toContainText(/prediction/i)
  await expect(estimate.getByTestId('estimate-basis')).toContainText(/^A prediction: /)
  // No GPU power readings here: electricity is "not measured", never a 0 that looks measured.
  await expect(estimate).toContainText('not measured (no GPU power readings)')
  await shot(page, testInfo, 'estimate')
  await step.getByRole('button', { name: 'Next' }).click()

  await expect(step).toHaveAttribute('data-step', 'pricing')
  await expect(page.getByTestId('onboarding-skip')).toBeVisible()
  // A refused value is shown next to its field and nothing moves on.
  await step.getByLabel(/^Floor price/).fill('abc')
  await step.getByRole('button', { name: 'Save and continue' }).click()
  await expect(page.locator('#ob-floor-error')).toBeVisible()
  await expect(step).toHaveAttribute('data-step', 'pricing')
  await step.getByLabel(/^Floor price/).fill('0.07')
  await step.getByLabel(/^Electricity price/).fill('0.25')
  await step.getByRole('radio', { name: 'Weekday nights + weekends' }).check()
  await shot(page, testInfo, 'pricing')
  await step.getByRole('button', { name: 'Save and continue' }).click()

  await expect(step).toHaveAttribute('data-step', 'start')
  await expect(step.getByTestId('onboarding-summary')).toContainText('0.07 demo credits per GPU-hour')
  await expect(step.getByTestId('onboarding-summary')).toContainText('Works 98 of 168 hours a week')
  await shot(page, testInfo, 'start')
  await page.getByTestId('onboarding-start').click()

  await expect(flow).toBeHidden()
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible()
  await expect(page.getByTestId('status-line')).toBeVisible()
  await expect(page).toHaveURL(/#\/overview$/)
  const settings = await call<{ floorMicroPerGpuHour: number; tariffMicroPerKwh: number; schedule: string }>(node, 'settings.get')
  expect(settings).toMatchObject({ floorMicroPerGpuHour: 70000, tariffMicroPerKwh: 250000 })
  expect(settings.schedule.split('').filter((c) => c === '1')).toHaveLength(98)
  await shot(page, testInfo, 'overview')

  await page.reload()
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible()
  await expect(page.getByTestId('onboarding')).toHaveCount(0)
  // The node keeps the answer: a browser that never saw this node knows it too.
  expect(await call<{ choice: string | null }>(node, 'node.onboarding')).toMatchObject({ choice: 'done' })
  const other = await page.context().browser()!.newPage()
  await other.goto(node.url)
  await expect(other.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible()
  await expect(other.getByTestId('onboarding')).toHaveCount(0)
  await other.close()
  expect(errors).toEqual([])
})

test('"Skip setup" lands on Overview; Settings → "Run setup again" brings the setup back', async ({ page }, testInfo) => {
  node = await startNode()
  await page.goto(node.url)
  await expect(page.getByTestId('onboarding-step')).toHaveAttribute('data-step', 'gpus')
  await page.getByTestId('onboarding-step').getByRole('button', { name: 'Next' }).click()
  await expect(page.getByTestId('onboarding-step')).toHaveAttribute('data-step', 'benchmark')
  await page.getByTestId('onboarding-skip').click()

  await expect(page.getByTestId('onboarding')).toHaveCount(0)
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible()
  await expect(page.getByTestId('status-line')).toBeVisible()
  expect(await call<{ choice: string | null }>(node, 'node.onboarding')).toMatchObject({ choice: 'skipped' })
  // Nothing was changed by skipping.
  expect(await call<unknown[]>(node, 'settings.history')).toEqual([])

  // Still skipped after a reload, though the node has no benchmark yet.
  await page.reload()
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible()
  await expect(page.getByTestId('onboarding')).toHaveCount(0)

  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Settings', exact: true }).click()
  await page.getByRole('button', { name: 'Run setup again' }).click()
  await expect(page.getByTestId('onboarding')).toBeVisible()
  await expect(page.getByTestId('onboarding-step')).toHaveAttribute('data-step', 'gpus')
  await shot(page, testInfo, 'again')
  await page.getByTestId('onboarding-skip').click()
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible()
})

test('an answer an older version kept in this browser is handed to the node, then removed here', async ({ page }) => {
  node = await startNode()
  await skipOnboarding(page)
  await page.goto(node.url)
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible()
  await expect.poll(async () => (await call<{ choice: string | null }>(node, 'node.onboarding')).choice).toBe('skipped')
  expect(await page.evaluate((key) => localStorage.getItem(key), ONBOARDED_KEY)).toBeNull()
})
