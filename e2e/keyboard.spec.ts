// The app with the keyboard alone: a skip link, every page from the navigation, the main controls
// (pause, a jobs filter, a job's detail, a chart's period and table, a settings field and save),
// and a visible focus indicator on every Tab stop of every page.
import { expect, test, type Page } from '@playwright/test'
import type { Settings } from '../src-preload/contract'
import { callApi } from './fixtures/api'
import { focused, tabStops, tabTo, type Focused } from './fixtures/keyboard'
import { skipOnboarding } from './fixtures/onboarding'
import { sharedPopulatedNode, startFreshNode } from './fixtures/populatedNode'

const navPages = ['Overview', 'Hardware', 'Jobs', 'Earnings', 'SLA', 'Market', 'Settings', 'Logs']

const populated = sharedPopulatedNode()
test.beforeEach(async ({ page }) => {
  await skipOnboarding(page)
  await page.goto(populated().node.url)
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible()
})

/** The focused element has a focus ring one can see, and is on screen. */
const shows = (f: Focused | null) => expect(f && { desc: f.desc, ring: f.ring, inView: f.inView }).toEqual({ desc: f?.desc, ring: true, inView: true })
const open = async (page: Page, hash: string, heading: string) => {
  await page.goto(`${populated().node.origin}/${hash}`)
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible()
}

test('the first Tab stop skips to the content; the navigation reaches every page, forwards and back', async ({ page }) => {
  // Jobs: a page with controls of its own (Overview may have none to land on).
  await open(page, '#/jobs', 'Jobs')
  await page.keyboard.press('Tab')
  const skip = await focused(page)
  expect(skip?.name).toBe('Skip to content')
  shows(skip)
  await page.keyboard.press('Enter')
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('main')
  // The page did not change: the link moved the focus, not the address.
  await expect(page).toHaveURL(`${populated().node.origin}/#/jobs`)
  const next = await tabTo(page, () => true, { max: 1 })
  expect(next.inMain).toBe(true)

  await open(page, '', 'Overview')
  await tabTo(page, (f) => f.name === 'Skip to content', { max: 1 })
  for (const label of navPages) {
    const link = await tabTo(page, () => true, { max: 1 })
    expect(link).toMatchObject({ inNav: true, name: label })
    shows(link)
    await page.keyboard.press('Enter')
    await expect(page.getByRole('heading', { level: 1, name: label })).toBeVisible()
    await expect(page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: label, exact: true })).toHaveAttribute('aria-current', 'page')
    await expect(page).toHaveTitle(`${label} · Ingot`)
    // The focus stays on the link just used, so the next page is one Tab away; a live region says which page opened.
    expect((await focused(page))?.name).toBe(label)
    // (Overview was open already: nothing to announce.)
    await expect(page.getByRole('status', { name: 'Page opened' })).toHaveText(label === 'Overview' ? '' : `${label} page`)
  }
  for (const label of navPages.slice(0, -1).reverse()) {
    const link = await tabTo(page, () => true, { max: 1, back: true })
    expect(link).toMatchObject({ inNav: true, name: label })
  }
  await page.keyboard.press('Space')
  // Space does not follow a link: still on Logs.
  await expect(page.getByRole('heading', { level: 1, name: 'Logs' })).toBeVisible()
})

test('every Tab stop on every page shows a focus indicator and is scrolled into view', async ({ page }, testInfo) => {
  test.setTimeout(120_000)
  const hidden: string[] = []
  for (const label of navPages) {
    await open(page, `#/${label.toLowerCase()}`, label)
    if (label === 'Jobs') await expect(page.getByTestId('job-row')).toHaveCount(2)
    if (label === 'Earnings') await expect(page.getByText('Show as table')).toBeVisible()
    const stops = await tabStops(page)
    expect(stops.length, label).toBeGreaterThan(navPages.length + 1)
    for (const f of stops) if (!f.ring || !f.inView) hidden.push(`${label}: ${f.desc} (focus-visible ${f.focusVisible}, ring ${f.ring}, in view ${f.inView})`)
    testInfo.annotations.push({ type: 'tab stops', description: `${label}: ${stops.length}` })
  }
  expect(hidden).toEqual([])
})

test('pause and resume from the status line with the keyboard; the focus stays on the button', async ({ page }) => {
  const line = page.getByTestId('status-line')
  const pause = await tabTo(page, (f) => f.tag === 'button' && f.name === 'Pause')
  shows(pause)
  await page.keyboard.press('Space')
  await expect(line).toHaveAttribute('data-reason', 'manual')
  await expect(line).toContainText('Paused by you')
  await expect(line.getByRole('button', { name: 'Resume' })).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(line).not.toHaveAttribute('data-reason', 'manual')
  await expect(line.getByRole('button', { name: 'Pause' })).toBeFocused()
})

test('Jobs: filter the history, open a job and close it again, all from the keyboard', async ({ page }) => {
  await open(page, '#/jobs', 'Jobs')
  const rows = page.getByTestId('job-row')
  await expect(rows).toHaveCount(2)
  // The first select in the page is the history's first filter.
  await tabTo(page, (f) => f.tag === 'select' && f.inMain, { max: 40 })
  const filter = page.getByRole('group', { name: 'Filter jobs' })
  await expect(filter.getByLabel('Kind')).toBeFocused()
  await page.keyboard.press('Tab')
  await page.keyboard.press('Tab')
  await expect(filter.getByLabel('SLA')).toBeFocused()
  // any → all bounds met → breached
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('ArrowDown')
  await expect(filter.getByLabel('SLA')).toHaveValue('breached')
  await expect(rows).toHaveCount(1)
  await expect(rows.first()).toHaveAttribute('data-job-id', populated().breachedJob)
  const clear = await tabTo(page, (f) => f.name === 'Clear filters', { max: 10 })
  shows(clear)
  await page.keyboard.press('Enter')
  await expect(rows).toHaveCount(2)

  const link = await tabTo(page, (f) => f.tag === 'a' && f.inMain && populated().metJob.startsWith(f.name.replace('…', '')), { max: 20 })
  shows(link)
  await page.keyboard.press('Enter')
  const detail = page.getByTestId('job-detail')
  await expect(detail).toHaveAttribute('data-job-id', populated().metJob)
  await expect(detail.getByRole('heading', { level: 2 })).toBeFocused()
  await expect(detail.getByTestId('job-verdict')).toHaveAttribute('data-met', 'true')
  await page.keyboard.press('Escape')
  await expect(detail).toBeHidden()
  await expect(page.locator(`[data-testid="job-row"][data-job-id="${populated().metJob}"] a`)).toBeFocused()
})

test('charts: the period buttons and "Show as table" work from the keyboard', async ({ page }) => {
  await open(page, '#/hardware', 'Hardware')
  const hour = await tabTo(page, (f) => f.tag === 'button' && f.name === '1 h', { max: 80 })
  shows(hour)
  await page.keyboard.press('Space')
  await expect(page.getByRole('group', { name: 'Period' }).getByRole('button', { name: '1 h' })).toHaveAttribute('aria-pressed', 'true')
  await expect(page.getByText(/^\d+ points, every reading/)).toBeVisible({ timeout: 15_000 })

  await open(page, '#/sla', 'SLA')
  const table = await tabTo(page, (f) => f.name === 'Show as table', { max: 40 })
  shows(table)
  await page.keyboard.press('Enter')
  await expect(page.locator('.chart-table table')).toBeVisible()
})

test('Settings: change a field and save with the keyboard; a refused value is announced next to the field', async ({ page }) => {
  await open(page, '#/settings', 'Settings')
  const field = page.getByLabel('Sample every (ms)')
  const input = await tabTo(page, (f) => f.id === 'telemetryIntervalMs', { max: 150 })
  shows(input)
  await page.keyboard.press('ControlOrMeta+A')
  await page.keyboard.type('1500')
  // Enter in a field submits the form, as the Save button would.
  await page.keyboard.press('Enter')
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible()
  await expect.poll(async () => (await callApi<Settings>(populated().node, 'settings.get')).telemetryIntervalMs).toBe(1500)

  await page.keyboard.press('ControlOrMeta+A')
  await page.keyboard.type('5')
  const save = await tabTo(page, (f) => f.tag === 'button' && f.name === 'Save', { max: 40 })
  shows(save)
  await page.keyboard.press('Enter')
  await expect(field).toHaveAttribute('aria-invalid', 'true')
  await expect(page.getByRole('alert').filter({ hasText: /250/ })).toBeVisible()
  expect((await callApi<Settings>(populated().node, 'settings.get')).telemetryIntervalMs).toBe(1500)
})

test('the first-start setup: every Tab stop shows its focus, and Next takes the focus to the new step', async ({ browser }) => {
  // A node of its own: the setup shows until the owner finishes or skips it, and the node remembers that.
  const fresh = await startFreshNode()
  const context = await browser.newContext()
  const page = await context.newPage()
  try {
    await page.goto(fresh.url)
    const step = page.getByTestId('onboarding-step')
    await expect(step).toHaveAttribute('data-step', 'gpus')
    await expect(page.getByTestId('onboarding-gpu')).toHaveCount(2)
    const stops = await tabStops(page)
    expect(stops.map((f) => f.name)).toEqual(expect.arrayContaining(['Skip setup', 'Next']))
    expect(stops.filter((f) => !f.ring || !f.inView).map((f) => f.desc)).toEqual([])
    await page.reload()
    await expect(step).toHaveAttribute('data-step', 'gpus')
    shows(await tabTo(page, (f) => f.name === 'Next', { max: 10 }))
    await page.keyboard.press('Enter')
    await expect(step).toHaveAttribute('data-step', 'benchmark')
    await expect(page.getByRole('heading', { level: 1, name: /A quick benchmark/ })).toBeFocused()
  } finally {
    await context.close()
    await fresh.stop()
  }
})
