// The owner first: a game starting pauses the node within 5 s and sends the running job back to the
// queue; it resumes after the cooldown. A GPU over the temperature limit pauses it too. The "game" is
// a copy of /bin/sleep named like a known heavy app (no game is installed here); the GPU is the
// nvidia-smi stand-in in e2e/fixtures/bin, scripted hot.
import { spawn, type ChildProcess } from 'node:child_process'
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { longTrainBundle } from '../src-main/core/jobs/test/bundles'
import { repoRoot, screenshotPath, startNode } from './fixtures/headlessNode'
import { callApi } from './fixtures/api'
import { skipOnboarding } from './fixtures/onboarding'

const call = callApi

// A fresh node has no benchmark: the first-start setup would cover the app (onboarding.spec.ts tests it).
test.beforeEach(async ({ page }) => skipOnboarding(page))

const tmp = mkdtempSync(join(tmpdir(), 'ingot-policy-'))
test.afterAll(() => rmSync(tmp, { recursive: true, force: true }))

test('a game pauses the node within 5 s and takes the GPU back from the running job; work resumes after the cooldown', async ({ page }) => {
  test.setTimeout(120_000)
  const node = await startNode()
  let game: ChildProcess | null = null
  try {
    await call(node, 'settings.update', { cooldownSec: 3 })
    await expect.poll(async () => (await call<{ state: string }>(node, 'bench.backend')).state, { timeout: 60_000 }).toBe('ready')
    // Enough work queued that a job is surely running when the game is noticed: training jobs of
    // seconds each (a matmul of one-row batches ran out before the game was seen, once jobs got faster).
    const jobs = Array.from({ length: 4 }, (_, i) => longTrainBundle(Date.now(), 3000, i + 1))
    for (const j of jobs) await call(node, 'jobs.submit', j)
    const states = async () => call<{ id: string; state: string; error: { code: string } | null; interruptions: number }[]>(node, 'jobs.list', {})
    await expect.poll(async () => (await states()).some((j) => j.state === 'running'), { timeout: 30_000, intervals: [50] }).toBe(true)

    await page.goto(node.url)
    const line = page.getByTestId('status-line')
    await expect(line).toContainText('Not in a market')
    const file = join(tmp, 'blender')
    copyFileSync('/bin/sleep', file)
    const started = Date.now()
    game = spawn(file, ['600'], { stdio: 'ignore' })
    await expect(line).toContainText('Paused: blender is running', { timeout: 5000 })
    const pausedAfter = Date.now() - started
    expect(pausedAfter).toBeLessThan(5000)
    // The button stays "Pause": this pause ends when the game does, not by a click.
    await expect(line.getByRole('button', { name: 'Pause' })).toBeVisible()
    await page.screenshot({ path: screenshotPath('policy-game') })
    // The job that was running went back to the queue (not counted as an interruption); nothing runs while the game does.
    await expect.poll(async () => (await states()).some((j) => j.state === 'running'), { timeout: 5000, intervals: [100] }).toBe(false)
    const paused = (await states()).filter((j) => j.error?.code === 'E_PAUSED')
    expect(paused).toHaveLength(1)
    expect(paused[0]).toMatchObject({ state: 'queued', interruptions: 0 })
    await new Promise((r) => setTimeout(r, 1500))
    expect((await states()).some((j) => j.state === 'running')).toBe(false)

    game.kill('SIGKILL')
    game = null
    await expect(line).toContainText('blender closed; resuming in', { timeout: 5000 })
    await expect(line).toContainText('Not in a market', { timeout: 8000 })

    // A false alarm the owner dismisses from the status line stops counting at once, built-in list or not.
    game = spawn(file, ['600'], { stdio: 'ignore' })
    await expect(line).toContainText('Paused: blender is running', { timeout: 5000 })
    await line.getByRole('button', { name: 'Not a game — ignore blender' }).click()
    await expect(line).toContainText('Not in a market', { timeout: 3000 })
    expect((await call<{ ignoredApps: string[] }>(node, 'settings.get')).ignoredApps).toEqual(['blender'])
    game.kill('SIGKILL')
    game = null
    await expect.poll(async () => (await states()).find((j) => j.id === paused[0]!.id)?.state, { timeout: 10_000, intervals: [100] }).not.toBe('queued')
    const history = await call<{ reason: string; activity: string }[]>(node, 'node.history', { limit: 10 })
    expect(history.map((h) => h.reason)).toEqual(expect.arrayContaining(['game', 'no-market']))
  } finally {
    game?.kill('SIGKILL')
    await node.stop()
  }
})

test('a GPU over the temperature limit pauses the node within 5 s; it resumes once cooled below the hysteresis', async ({ page }) => {
  const script = join(tmp, 'smi.json')
  writeFileSync(script, '{}')
  const node = await startNode({ env: { PATH: `${join(repoRoot, 'e2e', 'fixtures', 'bin')}:${process.env.PATH}`, INGOT_FAKE_SMI_SCRIPT: script } })
  try {
    await call(node, 'settings.update', { telemetryIntervalMs: 500, tempLimitC: 80 })
    await page.goto(node.url)
    const line = page.getByTestId('status-line')
    await expect(line).toContainText('Not in a market', { timeout: 15_000 })
    writeFileSync(script, JSON.stringify({ tempC: 91 }))
    await expect(line).toContainText('Paused: 91 °C — resumes below 75 °C (limit 80 °C)', { timeout: 5000 })
    // Cooler, but not below the limit minus the hysteresis: still paused.
    writeFileSync(script, JSON.stringify({ tempC: 78 }))
    await expect(line).toContainText('Paused: 78 °C', { timeout: 5000 })
    writeFileSync(script, JSON.stringify({ tempC: 70 }))
    await expect(line).toContainText('Not in a market', { timeout: 5000 })
  } finally {
    await node.stop()
  }
})
