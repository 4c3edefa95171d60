// The embedded demo market, as an owner meets it: connected at start, offers skipped until the node
// has measured itself, then won, run, settled by the market and paid in demo credits.
import { expect, test, type Page, type TestInfo } from '@playwright/test'
import { screenshotPath, startNode, type RunningNode } from './fixtures/headlessNode'
import { skipOnboarding } from './fixtures/onboarding'

// A fresh node has no benchmark: the first-start setup would cover the app (onboarding.spec.ts tests it).
test.beforeEach(async ({ page }) => skipOnboarding(page))

const call = async (node: RunningNode, method: string, ...args: unknown[]): Promise<{ ok: boolean; value?: unknown; error?: { message: string } }> =>
  (await fetch(`${node.origin}/api/${method}`, { method: 'POST', headers: { Authorization: `Bearer ${node.token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(args) })).json() as never

const shooter = (page: Page, testInfo: TestInfo) => async (name: string) => {
  const file = screenshotPath(`market-${name}`)
  await page.screenshot({ path: file, fullPage: true })
  await testInfo.attach(name, { path: file, contentType: 'image/png' })
}

const positive = /^[1-9]\d*$/

test('the demo market connects, explains its skips, and wins jobs that are settled in demo credits', async ({ page }, testInfo) => {
  test.setTimeout(120_000)
  // No automatic benchmark: the first offers are skipped for want of one, which "Why no jobs?" must say.
  const node = await startNode({ env: { INGOT_MARKET: 'on' } })
  const shot = shooter(page, testInfo)
  const nav = page.getByRole('navigation', { name: 'Pages' })
  try {
    await page.goto(node.url)
    const card = page.getByTestId('overview-market')
    await expect(card).toContainText('Connected', { timeout: 20_000 })
    await expect(card).toContainText('embedded demo market')
    await shot('overview')

    await nav.getByRole('link', { name: 'Market', exact: true }).click()
    await expect(page.getByTestId('market-state')).toHaveAttribute('data-state', 'connected')
    await expect(page.getByTestId('market-status')).toContainText('demo credits')
    // The first demo offer comes about 3 s after start; the page polls every few seconds.
    await expect(page.getByTestId('why-seen')).toHaveText(positive, { timeout: 25_000 })
    const why = page.getByTestId('why-no-jobs')
    await expect(why).toContainText('no benchmark yet')
    await expect(why.getByTestId('why-won')).toHaveText('0')
    await expect(page.getByTestId('offer-row').first()).toContainText('Skipped: no benchmark yet')
    await expect(page.getByTestId('whatif-row').first()).toContainText('demo credits')
    await expect(page.locator('[data-testid="whatif-row"][data-current]')).toHaveCount(1)
    await expect(page.locator('[data-testid="whatif-row"][data-current]')).toContainText('your floor 0.05 demo credits')
    await shot('no-benchmark')

    // Once measured, the node bids on offers still open; they are awarded within a bid window or two.
    const run = await call(node, 'bench.run', { mode: 'quick' })
    expect(run.ok, run.error?.message).toBe(true)
    await expect(why.getByTestId('why-won')).toHaveText(positive, { timeout: 60_000 })
    const won = page.locator('[data-testid="offer-row"][data-outcome="won"]').first()
    await expect(won).toContainText('demo credits')
    await why.getByRole('button', { name: '1 h' }).click()
    await expect(why.getByRole('button', { name: '1 h' })).toHaveAttribute('aria-pressed', 'true')
    await expect(page.getByTestId('why-seen')).toHaveText(positive)
    await shot('won')

    // The won offer links to its job, which the market settles once the node returns the result.
    await won.getByRole('link').click()
    const detail = page.getByTestId('job-detail')
    await expect(detail).toContainText('the market')
    const settlement = detail.getByTestId('job-settlement')
    await expect(settlement).toHaveAttribute('data-outcome', /^(full|penalised|zero)$/, { timeout: 30_000 })
    await expect(settlement).toContainText('demo credits')
    const jobId = await detail.getAttribute('data-job-id')
    await expect(page.locator(`[data-testid="job-row"][data-job-id="${jobId}"]`)).toContainText('market')
    await shot('job')

    await nav.getByRole('link', { name: 'Earnings', exact: true }).click()
    await expect(page.getByTestId('earnings-today')).toContainText('demo credits')
    // The market's settlements, each with its outcome, the market's reason and the total in demo credits.
    const settlements = page.getByTestId('market-settlements')
    const settled = settlements.getByTestId('settlement-row')
    await expect(settled.first()).toHaveAttribute('data-outcome', /^(full|penalised|zero)$/)
    await expect(settled.first()).toContainText('demo credits')
    await expect(settlements.locator(`[data-testid="settlement-row"][data-job-id="${jobId}"]`)).toContainText(/Paid in full|Paid with penalties|Not paid/)
    await shot('earnings')

    await nav.getByRole('link', { name: 'Overview', exact: true }).click()
    await expect(card).toContainText(/[1-9]\d* settled/)
  } finally {
    expect(await node.stop()).toBe(0)
  }
})

test('market settings: a coordinator needs its address, prices are checked, and credits are stored exactly', async ({ page }) => {
  const node = await startNode()
  try {
    await page.goto(node.url)
    await page.getByRole('link', { name: 'Settings', exact: true }).click()
    const mode = page.locator('#marketMode')
    await expect(mode).toHaveValue('embedded')
    await expect(page.locator('#marketUrl')).toHaveCount(0)
    // The fixture keeps the market off for the run: the live state says so, and why.
    const state = page.getByTestId('settings-market-state')
    await expect(state).toBeVisible()
    await expect(state).toHaveAttribute('data-state', 'off')
    await expect(state).toContainText('Off — market turned off for this run')
    await expect(page.locator('#floorMicroPerGpuHour')).toHaveValue('0.05')
    await expect(page.locator('#tariffMicroPerKwh')).toHaveValue('0.3')

    await mode.selectOption('coordinator')
    await expect(state).toContainText('your change applies once saved')
    await expect(page.locator('#marketUrl')).toHaveValue('')
    await page.getByRole('button', { name: 'Save' }).click()
    await expect(page.locator('#marketUrl-error')).toContainText(/enter the coordinator address/i)
    await expect(page.locator('#marketUrl')).toHaveAttribute('aria-describedby', /marketUrl-error/)
    await page.screenshot({ path: screenshotPath('market-settings-coordinator'), fullPage: true })

    await mode.selectOption('embedded')
    await page.locator('#floorMicroPerGpuHour').fill('abc')
    await page.getByRole('button', { name: 'Save' }).click()
    await expect(page.locator('#floorMicroPerGpuHour-error')).toBeVisible()
    await expect(page.locator('#marketUrl-error')).toHaveCount(0)
    const before = (await call(node, 'settings.get')).value
    expect(before).toMatchObject({ marketMode: 'embedded', floorMicroPerGpuHour: 50_000 })

    // Decimal credits become whole micro-units digit by digit: 0.29 is 290000, not 289999.99….
    await page.locator('#floorMicroPerGpuHour').fill('0.07')
    await page.locator('#tariffMicroPerKwh').fill('0.29')
    await page.locator('#bidStrategy').selectOption('fixed')
    await page.getByRole('button', { name: 'Save' }).click()
    await expect(page.getByText('Saved.')).toBeVisible()
    await expect(page.locator('#floorMicroPerGpuHour-error')).toHaveCount(0)
    // The change log shows prices in credits, as typed; the node stores micro-units (checked below).
    await expect(page.getByRole('row', { name: /floorMicroPerGpuHour 0\.05 0\.07/ })).toBeVisible()
    expect((await call(node, 'settings.get')).value).toMatchObject({ floorMicroPerGpuHour: 70_000, tariffMicroPerKwh: 290_000, bidStrategy: 'fixed' })
    await expect(page.locator('#floorMicroPerGpuHour')).toHaveValue('0.07')
  } finally {
    await node.stop()
  }
})
