import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { repoRoot, screenshotPath, startNode, type RunningNode } from './fixtures/headlessNode'
import { skipOnboarding } from './fixtures/onboarding'

// The nvidia-smi on PATH here is the stand-in from e2e/fixtures/bin, printing captured real output
// of two GeForce RTX 2070 (see e2e/fixtures/captures/SOURCES.md).

// A fresh node has no benchmark: the first-start setup would cover the app (onboarding.spec.ts tests it).
test.beforeEach(async ({ page }) => skipOnboarding(page))

const fixtureBin = join(repoRoot, 'e2e', 'fixtures', 'bin')
const UUIDS = ['GPU-12345678-aaaa-bbbb-cccc-0123456789ab', 'GPU-12345678-aaaa-bbbb-cccc-0123456789cd']

const scriptDir = mkdtempSync(join(tmpdir(), 'ingot-smi-'))
const script = join(scriptDir, 'script.json')
writeFileSync(script, '{}')

let node: RunningNode
test.beforeAll(async () => {
  node = await startNode({ env: { PATH: `${fixtureBin}:${process.env.PATH}`, INGOT_FAKE_SMI_SCRIPT: script } })
  await fetch(`${node.origin}/api/settings.update`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${node.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify([{ telemetryIntervalMs: 500 }])
  })
})
test.afterAll(async () => {
  expect(await node.stop()).toBe(0)
  rmSync(scriptDir, { recursive: true, force: true })
})

test('the Hardware page shows both GPUs with their details and live readings', async ({ page }) => {
  await page.goto(node.url)
  await page.getByRole('link', { name: 'Hardware', exact: true }).click()
  const cards = page.getByTestId('gpu-card')
  await expect(cards).toHaveCount(2)
  await expect(cards.nth(0)).toContainText('NVIDIA GeForce RTX 2070')
  await expect(cards.nth(0)).toContainText(UUIDS[0]!)
  await expect(cards.nth(1)).toContainText(UUIDS[1]!)
  await expect(cards.nth(0)).toContainText('590.44.01')
  await expect(cards.nth(0)).toContainText('settable 125–200 W')
  await expect(page.getByTestId('sampler-status')).toContainText('running')
  await expect(cards.nth(0).getByRole('meter', { name: 'Temperature' })).toHaveAttribute('aria-valuetext', /°C/)
  // Charts: pick a GPU and a metric, live and stored history.
  await page.getByLabel('Device').selectOption({ label: 'GPU 1: NVIDIA GeForce RTX 2070' })
  await page.getByLabel('Metric').selectOption({ label: 'Temperature' })
  await expect(page.locator('.chart [role=img]')).toHaveAttribute('aria-label', /Temperature: \d+ readings/)
  await page.getByRole('button', { name: '1 h' }).click()
  await expect(page.getByText(/points, every reading/)).toBeVisible({ timeout: 15_000 })
  await page.screenshot({ path: screenshotPath('hardware-two-gpus'), fullPage: true })
})

test('Overview tiles move with every sample', async ({ page }) => {
  await page.goto(node.url)
  const tile = page.getByTestId('gpu-tile').nth(1)
  const power = tile.getByRole('meter', { name: 'Power' })
  await expect(power).toHaveAttribute('aria-valuetext', /\d W/)
  const first = await power.getAttribute('aria-valuetext')
  await expect.poll(async () => power.getAttribute('aria-valuetext'), { timeout: 10_000 }).not.toBe(first)
  await expect(page.getByTestId('gpu-tile')).toHaveCount(2)
  await page.screenshot({ path: screenshotPath('overview-two-gpus'), fullPage: true })
})

test('/metrics needs the token and reports both GPUs', async () => {
  expect((await fetch(`${node.origin}/metrics`)).status).toBe(401)
  await expect
    .poll(async () => {
      const text = await (await fetch(`${node.origin}/metrics`, { headers: { Authorization: `Bearer ${node.token}` } })).text()
      return UUIDS.every((u) => text.includes(`ingot_gpu_power_watts{gpu="${UUIDS.indexOf(u)}",uuid="${u}",model_name="NVIDIA GeForce RTX 2070"}`))
    })
    .toBe(true)
})

test('when readings stop, the tiles say so instead of showing old numbers as live', async ({ page }) => {
  await page.goto(node.url)
  await expect(page.getByTestId('gpu-tile')).toHaveCount(2)
  await expect(page.getByTestId('gpu-tile').first().getByRole('meter', { name: 'Power' })).toBeVisible()
  // Both GPUs stop printing (the stand-in hides them from its stream).
  writeFileSync(script, JSON.stringify({ hide: UUIDS }))
  await expect(page.getByTestId('gpu-tile').first()).toContainText(/No new reading for \d+ s/, { timeout: 20_000 })
  await page.screenshot({ path: screenshotPath('overview-stale'), fullPage: true })
  writeFileSync(script, '{}')
})
