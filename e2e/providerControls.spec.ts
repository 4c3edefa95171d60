// The owner's controls in Settings, through the page as the owner uses it: the weekly schedule grid
// pauses the node outside its hours, an all-off schedule is refused next to the grid, the owner's
// own heavy apps are kept, and the Logs page lists why the node paused and what was changed.
// The node and this test run on one machine, in one time zone: the test's clock is the node's.
import { expect, test, type Page } from '@playwright/test'
import { screenshotPath, startNode, type RunningNode } from './fixtures/headlessNode'
import { callApi } from './fixtures/api'
import { skipOnboarding } from './fixtures/onboarding'

const call = callApi

// A fresh node has no benchmark: the first-start setup would cover the app (onboarding.spec.ts tests it).
test.beforeEach(async ({ page }) => skipOnboarding(page))

const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']
/** The grid cell's name for an hour of the week (Monday 00:00 = 0), as it reads while work is allowed. */
const cellName = (slot: number, allowed: boolean) => `${DAYS[Math.floor(slot / 24)]} ${String(slot % 24).padStart(2, '0')}:00, ${allowed ? 'work allowed' : 'no work'}`
/** This hour of the week on the node's wall clock. */
const slotNow = (t = new Date()) => ((t.getDay() + 6) % 7) * 24 + t.getHours()

let node: RunningNode
test.beforeAll(async () => {
  node = await startNode()
})
test.afterAll(async () => {
  expect(await node.stop()).toBe(0)
})

const openSettings = async (page: Page) => {
  await page.goto(node.url)
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Settings', exact: true }).click()
  await expect(page.getByRole('group', { name: 'Weekly schedule' })).toBeVisible()
}
const settingsNow = () => call<{ schedule: string; extraApps: string[] }>(node, 'settings.get')

test('a schedule without this hour pauses the node within 5 s; "Always" brings it back; Logs tells why', async ({ page }) => {
  await openSettings(page)
  const line = page.getByTestId('status-line')
  await expect(line).toContainText('Not in a market')
  const summary = page.getByTestId('schedule-summary')
  await expect(summary).toContainText('Works 168 of 168 hours a week')

  // This hour and the next: the test may cross the hour while it runs.
  const now = slotNow()
  const next = (now + 1) % 168
  await page.getByRole('button', { name: cellName(now, true) }).click()
  await page.getByRole('button', { name: cellName(next, true) }).click()
  await expect(page.getByRole('button', { name: cellName(now, false) })).toHaveAttribute('aria-pressed', 'false')
  await expect(summary).toContainText('Works 166 of 168 hours a week')
  await page.getByRole('button', { name: 'Save' }).click()
  await expect(page.getByText('Saved.')).toBeVisible()
  await expect(line).toContainText('Paused: outside your schedule', { timeout: 5000 })
  await expect(line).toHaveAttribute('data-activity', 'paused')
  // The line lacks a countdown of its own: the status line adds when work resumes.
  await expect(line.locator('.status-countdown')).toHaveText(/· (resumes in \d+:\d\d|until .+)/)
  const saved = await settingsNow()
  expect(saved.schedule[now]).toBe('0')
  expect(saved.schedule.split('').filter((c) => c === '1')).toHaveLength(166)
  await page.screenshot({ path: screenshotPath('settings-schedule-paused'), fullPage: true })

  await page.getByRole('button', { name: 'Always', exact: true }).click()
  await expect(summary).toContainText('Works 168 of 168 hours a week')
  await page.getByRole('button', { name: 'Save' }).click()
  await expect(line).not.toContainText('outside your schedule', { timeout: 5000 })
  await expect(line).toContainText('Not in a market')

  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Logs', exact: true }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Logs' })).toBeVisible()
  const policyLog = page.getByTestId('policy-log')
  const pause = policyLog.getByTestId('policy-row').filter({ hasText: 'Outside your schedule' })
  await expect(pause).toHaveCount(1)
  await expect(pause).toContainText('Paused')
  await expect(pause).toContainText('Paused: outside your schedule')
  // Newest first: the return to "no market" after the schedule pause is above it.
  await expect(policyLog.getByTestId('policy-row').first()).toHaveAttribute('data-reason', 'no-market')
  const scheduleChanges = page.getByTestId('settings-log').locator('tr[data-key="schedule"]')
  await expect(scheduleChanges).toHaveCount(2)
  await expect(scheduleChanges.nth(0)).toContainText('166 of 168 h a week')
  await expect(scheduleChanges.nth(0)).toContainText('168 of 168 h a week')
  await expect(scheduleChanges.nth(1)).toContainText('Weekly schedule')
  await page.screenshot({ path: screenshotPath('logs'), fullPage: true })
})

test('the grid works from the keyboard, and an all-off schedule is refused next to it with nothing saved', async ({ page }) => {
  await openSettings(page)
  const before = await settingsNow()
  // Keyboard: arrows move between hours, Space toggles.
  const monday0 = page.getByRole('button', { name: cellName(0, true) })
  await monday0.focus()
  await page.keyboard.press('ArrowRight')
  await expect(page.getByRole('button', { name: cellName(1, true) })).toBeFocused()
  await page.keyboard.press('Space')
  await expect(page.getByRole('button', { name: cellName(1, false) })).toBeFocused()
  // A day with some hours off switches all on first; a second click switches it off.
  await expect(page.getByRole('button', { name: 'Monday, all day' })).toHaveAttribute('aria-pressed', 'mixed')
  await page.getByRole('button', { name: 'Monday, all day' }).click()
  await expect(page.getByRole('button', { name: cellName(1, true) })).toBeVisible()

  for (const day of DAYS) await page.getByRole('button', { name: `${day}, all day` }).click()
  await expect(page.getByTestId('schedule-summary')).toContainText('Works 0 of 168 hours a week')
  await page.getByRole('button', { name: 'Save' }).click()
  await expect(page.locator('#schedule-error')).toHaveText('Leaves no hour to work in: allow at least one hour, or pause the node instead')
  await expect(page.getByRole('group', { name: 'Weekly schedule' })).toHaveAttribute('aria-describedby', /schedule-error/)
  await page.screenshot({ path: screenshotPath('settings-schedule-refused'), fullPage: true })
  expect((await settingsNow()).schedule).toBe(before.schedule)
  expect((await call<{ key: string }[]>(node, 'settings.history', { limit: 50 })).filter((c) => c.key === 'schedule')).toHaveLength(2)
  await page.getByRole('button', { name: 'Discard changes' }).click()
  await expect(page.getByTestId('schedule-summary')).toContainText('Works 168 of 168 hours a week')
  await expect(page.locator('#schedule-error')).toHaveCount(0)
  await expect(page.getByRole('button', { name: 'Save' })).toBeDisabled()
  await expect(page.getByTestId('status-line')).toContainText('Not in a market')
})

test('an extra app is saved and kept after a reload; a name with a folder is refused with the rule', async ({ page }) => {
  await openSettings(page)
  const input = page.getByLabel('Program name')
  await input.fill('  my-render (v2)  ')
  await input.press('Enter')
  const apps = page.getByTestId('extra-app')
  await expect(apps).toHaveText(['my-render (v2)Remove'])
  await page.getByRole('button', { name: 'Save' }).click()
  await expect(page.getByText('Saved.')).toBeVisible()
  expect((await settingsNow()).extraApps).toEqual(['my-render (v2)'])

  await page.reload()
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible()
  await expect(apps).toHaveCount(1)
  await expect(apps.first().locator('.mono')).toHaveText('my-render (v2)')

  await input.fill('a/b')
  await page.getByRole('button', { name: 'Add', exact: true }).click()
  await page.getByRole('button', { name: 'Save' }).click()
  const error = page.locator('#extraApps-error')
  await expect(error).toContainText('“a/b”')
  await expect(error).toContainText('may hold letters, digits, spaces and . _ + - ( ) [ ] only')
  await expect(apps.filter({ hasText: 'a/b' })).toHaveClass(/extra-app-invalid/)
  await page.screenshot({ path: screenshotPath('settings-extra-apps-refused'), fullPage: true })
  expect((await settingsNow()).extraApps).toEqual(['my-render (v2)'])
  // Removing the refused name leaves the list as saved: nothing to save.
  await page.getByRole('button', { name: 'Remove a/b' }).click()
  await expect(page.getByRole('button', { name: 'Save' })).toBeDisabled()

  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Logs', exact: true }).click()
  const change = page.getByTestId('settings-log').locator('tr[data-key="extraApps"]')
  await expect(change).toHaveCount(1)
  await expect(change).toContainText('none')
  await expect(change).toContainText('my-render (v2)')
  await expect(change).toContainText('You')
})
