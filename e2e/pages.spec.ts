import { expect, test } from '@playwright/test'
import { screenshotPath, startNode, type RunningNode } from './fixtures/headlessNode'
import { skipOnboarding } from './fixtures/onboarding'

// A fresh node has no benchmark: the first-start setup would cover the app (onboarding.spec.ts tests it).
test.beforeEach(async ({ page }) => skipOnboarding(page))

const pages = [
  { nav: 'Overview', heading: 'Overview', text: /No earnings yet/ },
  { nav: 'Hardware', heading: 'Hardware', text: /^No GPU found$/ },
  { nav: 'Jobs', heading: 'Jobs', text: /No jobs yet/ },
  { nav: 'Earnings', heading: 'Earnings', text: /No earnings recorded/ },
  { nav: 'SLA', heading: 'SLA', text: /No SLA measurements yet/ },
  { nav: 'Market', heading: 'Market', text: /^Market is off$/ },
  { nav: 'Settings', heading: 'Settings', text: /Recent changes/ }
]

let node: RunningNode
test.beforeAll(async () => {
  node = await startNode()
})
test.afterAll(async () => {
  expect(await node.stop()).toBe(0)
})

test('every page renders with an honest empty state (screenshots kept)', async ({ page }, testInfo) => {
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
  await page.goto(node.url)
  // The token went into an HttpOnly cookie and out of the address bar.
  await expect(page).toHaveURL(`${node.origin}/`)
  expect(await page.evaluate(() => document.cookie)).toBe('')
  // The fixture keeps the market off (INGOT_MARKET=off): the status line says so.
  await expect(page.getByTestId('status-line')).toContainText('Not in a market — market turned off for this run')

  for (const p of pages) {
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: p.nav, exact: true }).click()
    await expect(page.getByRole('heading', { level: 1, name: p.heading })).toBeVisible()
    await expect(page.getByText(p.text)).toBeVisible()
    const file = screenshotPath(p.nav.toLowerCase())
    await page.screenshot({ path: file, fullPage: true })
    await testInfo.attach(`${p.nav} page`, { path: file, contentType: 'image/png' })
  }
  await expect(page).toHaveURL(/#\/settings$/)
  await page.reload()
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible()
  expect(errors).toEqual([])
})

test('Overview shows this node from app.info, and pause is one click', async ({ page }) => {
  await page.goto(node.url)
  await expect(page.getByText(node.dataDir)).toBeVisible()
  await expect(page.getByText(/headless node \(Node /)).toBeVisible()
  await page.getByRole('button', { name: 'Pause' }).click()
  await expect(page.getByTestId('status-line')).toContainText('Paused by you')
  await page.getByRole('button', { name: 'Resume' }).click()
  await expect(page.getByTestId('status-line')).toContainText('Not in a market')
})

test('a change made elsewhere reaches the open page over SSE', async ({ page, request }) => {
  await page.goto(node.url)
  await expect(page.getByTestId('status-line')).toContainText('Not in a market')
  const r = await request.post(`${node.origin}/api/node.pause`, { headers: { Authorization: `Bearer ${node.token}` }, data: [] })
  expect(r.status()).toBe(200)
  await expect(page.getByTestId('status-line')).toContainText('Paused by you')
  await request.post(`${node.origin}/api/node.resume`, { headers: { Authorization: `Bearer ${node.token}` }, data: [] })
  await expect(page.getByTestId('status-line')).toContainText('Not in a market')
})

test('without the token the page explains how to get in', async ({ browser }) => {
  const context = await browser.newContext()
  const page = await context.newPage()
  await page.goto(`${node.origin}/`)
  await expect(page.getByRole('heading', { name: "This page needs the node's access token" })).toBeVisible()
  await page.screenshot({ path: screenshotPath('no-token') })
  await context.close()
})
