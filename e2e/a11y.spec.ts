// Accessibility (WCAG 2.1 AA, by axe-core) of every page as an owner sees it with real data: GPUs
// with live readings, the demo market, finished jobs, ledger rows and SLA verdicts, in both themes.
// No serious or critical violation is allowed; minor and moderate ones are counted and recorded.
import { expect, test, type Page } from '@playwright/test'
import type { EarningsSummary, SlaSummary } from '../src-preload/contract'
import { callApi } from './fixtures/api'
import { audit } from './fixtures/axe'
import { skipOnboarding } from './fixtures/onboarding'
import { sharedPopulatedNode, startFreshNode, START_TEMP_C } from './fixtures/populatedNode'

const populated = sharedPopulatedNode()

/** Each page, with what shows that its data has arrived (axe judges what is there, so wait for it). */
const pages: { name: string; hash: () => string; ready: (page: Page) => Promise<void> }[] = [
  { name: 'Overview', hash: () => '#/overview', ready: async (p) => {
    await expect(p.getByTestId('overview-today')).toContainText('demo credits')
    await expect(p.getByTestId('gpu-tile')).toHaveCount(2)
  } },
  { name: 'Hardware', hash: () => '#/hardware', ready: async (p) => {
    await expect(p.getByTestId('gpu-card')).toHaveCount(2)
    await expect(p.locator('.chart [role="img"]')).toHaveAttribute('aria-label', /readings/)
  } },
  { name: 'Jobs', hash: () => '#/jobs', ready: async (p) => expect(p.getByTestId('job-row')).toHaveCount(2) },
  { name: 'Job detail', hash: () => `#/jobs/${populated().breachedJob}`, ready: async (p) => expect(p.getByTestId('receipt-check')).toContainText('Signature valid') },
  { name: 'Market', hash: () => '#/market', ready: async (p) => expect(p.getByTestId('offer-row').first()).toBeVisible({ timeout: 30_000 }) },
  { name: 'Earnings', hash: () => '#/earnings', ready: async (p) => {
    await expect(p.getByTestId('ledger-row').first()).toBeVisible()
    await expect(p.locator('.day-chart [role="img"]')).toBeVisible()
  } },
  { name: 'SLA', hash: () => '#/sla', ready: async (p) => {
    await expect(p.getByTestId('sla-breach').first()).toBeVisible()
    await expect(p.locator('.day-chart [role="img"]')).toBeVisible()
  } },
  { name: 'Logs', hash: () => '#/logs', ready: async (p) => {
    await expect(p.getByTestId('policy-row').first()).toBeVisible()
    await expect(p.getByTestId('settings-row').first()).toBeVisible()
  } },
  { name: 'Settings', hash: () => '#/settings', ready: async (p) => expect(p.getByTestId('gpu-choice')).toHaveCount(2) },
  // The same form as the core's validation message shows next to a field (nothing is stored).
  { name: 'Settings, invalid field', hash: () => '#/settings', ready: async (p) => {
    await p.getByLabel('Sample every (ms)').fill('5')
    await p.getByRole('button', { name: 'Save', exact: true }).click()
    await expect(p.getByLabel('Sample every (ms)')).toHaveAttribute('aria-invalid', 'true')
  } }
]

for (const scheme of ['light', 'dark'] as const) {
  test(`every page has no serious or critical WCAG 2.1 AA violation (${scheme} theme)`, async ({ page }, testInfo) => {
    test.setTimeout(120_000)
    await skipOnboarding(page)
    // The theme setting is "system" by default: the OS preference picks it.
    await page.emulateMedia({ colorScheme: scheme })
    await page.goto(populated().node.url)
    await expect(page.locator('html')).toHaveAttribute('data-theme', scheme)
    const found: string[] = []
    for (const p of pages) {
      await page.goto(`${populated().node.origin}/${p.hash()}`)
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
      await p.ready(page)
      const report = await audit(page, `${p.name} (${scheme})`, testInfo)
      found.push(...report.blocking.map((b) => `${p.name}: ${b}`))
    }
    expect(found, found.join('\n')).toEqual([])
  })
}

test('every step of the first-start setup has no serious or critical WCAG 2.1 AA violation', async ({ browser }, testInfo) => {
  test.setTimeout(90_000)
  // A node of its own: the setup shows until the owner finishes or skips it, and the node remembers that.
  const fresh = await startFreshNode()
  const context = await browser.newContext()
  const page = await context.newPage()
  try {
    await page.goto(fresh.url)
    const step = page.getByTestId('onboarding-step')
    const found: string[] = []
    for (const id of ['gpus', 'benchmark', 'estimate', 'pricing', 'start']) {
      await expect(step).toHaveAttribute('data-step', id)
      if (id === 'gpus') await expect(page.getByTestId('onboarding-gpu')).toHaveCount(2)
      const report = await audit(page, `Onboarding: ${id}`, testInfo)
      found.push(...report.blocking.map((b) => `Onboarding ${id}: ${b}`))
      if (id === 'pricing') await page.getByRole('button', { name: 'Save and continue' }).click()
      else if (id !== 'start') await page.getByRole('button', { name: 'Next' }).click()
    }
    expect(found, found.join('\n')).toEqual([])
  } finally {
    await context.close()
    await fresh.stop()
  }
})

/** A number as the page writes it ("1,234.5", "−0.25"), back to a number. */
const num = (text: string) => Number(text.replace(/,/g, '').replace('−', '-'))

test.describe('charts have a text alternative computed from the data they draw', () => {
  test.beforeEach(async ({ page }) => {
    await skipOnboarding(page)
    await page.goto(populated().node.url)
  })

  test('Hardware: the temperature chart names its lowest, highest and latest reading and the limit, as the GPU tile reads them', async ({ page }) => {
    await page.goto(`${populated().node.origin}/#/hardware`)
    await page.getByLabel('Device').selectOption({ label: 'GPU 0: NVIDIA GeForce RTX 2070' })
    await page.getByLabel('Metric').selectOption({ label: 'Temperature' })
    const chart = page.locator('.chart [role="img"]')
    const tile = page.getByTestId('gpu-card').first().getByRole('meter', { name: 'Temperature' })
    // Every reading so far is the scripted 66 °C.
    await expect(tile).toHaveAttribute('aria-valuetext', `${START_TEMP_C} °C`)
    await expect(chart).toHaveAttribute('aria-label', new RegExp(`^Temperature: \\d+ readings from .+, lowest ${START_TEMP_C}\\.0 °C, highest ${START_TEMP_C}\\.0 °C, latest ${START_TEMP_C}\\.0 °C; limit \\d+\\.0 °C\\.$`))
    // The limit named is the slowdown temperature the tile marks.
    const limit = /limit (\d+)\.0 °C/.exec((await chart.getAttribute('aria-label'))!)![1]
    await expect(page.getByTestId('gpu-card').first().locator('.meter-limit').first()).toHaveAttribute('title', `Slowdown at ${limit} °C`)

    populated().setReadings({ tempC: 71 })
    await expect(tile).toHaveAttribute('aria-valuetext', '71 °C')
    await expect(chart).toHaveAttribute('aria-label', new RegExp(`lowest ${START_TEMP_C}\\.0 °C, highest 71\\.0 °C, latest 71\\.0 °C`))

    // Stored history: the same readings, counted as the note under the chart counts them (read
    // together: the history refreshes every 10 s).
    await page.getByRole('button', { name: '1 h' }).click()
    const stored = () =>
      page.evaluate(() => {
        const note = [...document.querySelectorAll('p')].map((p) => p.textContent ?? '').find((t) => / points, every reading/.test(t)) ?? ''
        const label = document.querySelector('.chart [role="img"]')?.getAttribute('aria-label') ?? ''
        return { sameCount: /^(\d+) points/.exec(note)?.[1] === /: (\d+) readings/.exec(label)?.[1], range: /lowest .*?, highest .*?,/.exec(label)?.[0] }
      })
    await expect.poll(stored, { timeout: 20_000 }).toEqual({ sameCount: true, range: `lowest ${START_TEMP_C}.0 °C, highest 71.0 °C,` })
  })

  test('Earnings: the net-per-day chart names the latest day as the core totals it and as the Today card shows it; its table agrees', async ({ page }) => {
    const summary = await callApi<EarningsSummary>(populated().node, 'earnings.summary')
    const rows = summary.daily.filter((d) => d.currency === 'DEMO')
    const latest = rows.reduce((a, b) => (b.day > a.day ? b : a))
    await page.goto(`${populated().node.origin}/#/earnings`)
    const chart = page.locator('.day-chart [role="img"]')
    await expect(chart).toHaveAttribute('aria-label', new RegExp(`^Net per day, demo credits: ${rows.length} of the last 30 days with ledger rows; latest `))
    const label = (await chart.getAttribute('aria-label'))!
    const amount = /latest (−?[\d.,]+) demo credits/.exec(label)![1]!
    expect(num(amount)).toBeCloseTo(latest.netMicro / 1e6, 6)
    expect(latest.netMicro).not.toBe(0)
    // All of today's jobs ran today: the Today card's net is the latest day's.
    await expect(page.getByTestId('earnings-today').getByTestId('money-net').locator('dd')).toHaveText(amount)

    await page.getByText('Show as table').click()
    const table = page.locator('.chart-table table')
    await expect(table.locator('tbody tr')).toHaveCount(rows.length)
    await expect(table.locator('tbody tr').last().locator('td')).toHaveText(`${amount} demo credits`)
  })

  test("SLA: the per-day chart names each bound's share and counts as the core counted them and the bound table shows them", async ({ page }) => {
    const summary = await callApi<SlaSummary>(populated().node, 'sla.summary', { days: 30 })
    const throughput = summary.perBound.find((b) => b.bound === 'throughput')!
    const accuracy = summary.perBound.find((b) => b.bound === 'accuracy')!
    // The breached job is the only one with a throughput bound; both had canaries.
    expect(throughput).toMatchObject({ checked: 1, met: 0 })
    expect(accuracy).toMatchObject({ checked: 2, met: 2 })
    await page.goto(`${populated().node.origin}/#/sla`)
    const chart = page.locator('.day-chart [role="img"]')
    await expect(chart).toHaveAttribute('aria-label', /Throughput 0\.0 % overall \(0 of 1 met\)/)
    await expect(chart).toHaveAttribute('aria-label', /Accuracy \(canaries\) 100\.0 % overall \(2 of 2 met\)/)
    await expect(page.locator('[data-testid="sla-bound-row"][data-bound="throughput"] td').last()).toHaveText('0.0 %')
    await expect(page.locator('[data-testid="sla-bound-row"][data-bound="accuracy"] td').last()).toHaveText('100.0 %')

    await page.getByText('Show as table').click()
    const table = page.locator('.chart-table table')
    await expect(table.locator('thead th')).toContainText(['Day', 'Throughput', 'Accuracy (canaries)'])
    const today = table.locator('tbody tr').last()
    const column = async (name: string) => (await table.locator('thead th').allTextContents()).indexOf(name)
    await expect(today.locator('th, td').nth(await column('Throughput'))).toHaveText('0.0 % (0 of 1 met)')
    await expect(today.locator('th, td').nth(await column('Accuracy (canaries)'))).toHaveText('100.0 % (2 of 2 met)')
  })
})
