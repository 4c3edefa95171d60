import { rmSync } from 'node:fs'
import { expect, test, type Page } from '@playwright/test'
import { screenshotPath, startNode, tempDataDir } from './fixtures/headlessNode'
import { skipOnboarding } from './fixtures/onboarding'

// A fresh node has no benchmark: the first-start setup would cover the app (onboarding.spec.ts tests it).
test.beforeEach(async ({ page }) => skipOnboarding(page))

const openSettings = async (page: Page, url: string) => {
  await page.goto(url)
  await page.getByRole('link', { name: 'Settings', exact: true }).click()
  await expect(page.getByLabel('Theme')).toBeVisible()
}

test('a settings change persists across a restart of the node', async ({ page }) => {
  const dataDir = tempDataDir()
  const first = await startNode({ dataDir })
  await openSettings(page, first.url)
  await expect(page.locator('html')).toHaveAttribute('data-theme', /light|dark/)

  await page.getByLabel('Theme').selectOption('dark')
  await page.getByLabel('Sample every (ms)').fill('2500')
  await page.getByLabel('Only while the computer is idle').uncheck()
  await page.getByRole('button', { name: 'Save' }).click()
  await expect(page.getByText('Saved.')).toBeVisible()
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  await expect(page.getByRole('row', { name: /telemetryIntervalMs 1000 2500/ })).toBeVisible()
  await page.screenshot({ path: screenshotPath('settings-dark'), fullPage: true })
  expect(await first.stop()).toBe(0)

  const second = await startNode({ dataDir })
  expect(second.token).toBe(first.token)
  await openSettings(page, second.url)
  await expect(page.getByLabel('Theme')).toHaveValue('dark')
  await expect(page.getByLabel('Sample every (ms)')).toHaveValue('2500')
  await expect(page.getByLabel('Only while the computer is idle')).not.toBeChecked()
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  await second.stop()
  rmSync(dataDir, { recursive: true, force: true })
})

test('an out-of-range value is refused next to its field and nothing is saved', async ({ page }) => {
  const node = await startNode()
  await openSettings(page, node.url)
  await page.getByLabel('Sample every (ms)').fill('100')
  await page.getByLabel('Display currency').fill('EUR')
  await page.getByRole('button', { name: 'Save' }).click()
  const error = page.locator('#telemetryIntervalMs-error')
  await expect(error).toHaveText('Must be at least 250 ms')
  await page.screenshot({ path: screenshotPath('settings-invalid'), fullPage: true })
  await expect(page.getByLabel('Sample every (ms)')).toHaveAttribute('aria-describedby', /telemetryIntervalMs-error/)
  // The node refused the whole patch: nothing written, and it keeps serving.
  const settings = (await (await fetch(`${node.origin}/api/settings.get`, { method: 'POST', headers: { Authorization: `Bearer ${node.token}`, 'Content-Type': 'application/json' }, body: '[]' })).json()) as { value: unknown }
  expect(settings.value).toMatchObject({ telemetryIntervalMs: 1000, displayCurrency: 'USD' })
  await page.getByLabel('Sample every (ms)').fill('500')
  await page.getByRole('button', { name: 'Save' }).click()
  await expect(page.getByText('Saved.')).toBeVisible()
  await expect(error).toHaveCount(0)
  await node.stop()
})
