import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { _electron as electron, expect, test } from '@playwright/test'
import { repoRoot, screenshotPath, tempDataDir } from './fixtures/headlessNode'
import { skipOnboardingNow } from './fixtures/onboarding'

/** Runs only where Electron's binary is installed and a display exists; skipped, with why, elsewhere. */
function electronUnavailable(): string | null {
  let dir: string
  try {
    dir = dirname(require.resolve('electron/package.json', { paths: [repoRoot] }))
  } catch {
    return 'the electron package is not installed'
  }
  const pathFile = join(dir, 'path.txt')
  if (!existsSync(pathFile) || !existsSync(join(dir, 'dist', readFileSync(pathFile, 'utf8').trim()))) {
    return "Electron's binary is not installed on this machine (it cannot be downloaded here)"
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return 'no display (run under xvfb-run)'
  // better-sqlite3 must be built for Electron's ABI (docs/ARCHITECTURE.md); build it if missing.
  const abi = readFileSync(join(dir, 'abi_version'), 'utf8').trim()
  if (!existsSync(join(repoRoot, 'build', 'electron-native', `better_sqlite3-abi${abi}.node`))) {
    const built = spawnSync(process.execPath, [join(repoRoot, 'out', 'main', 'rebuildNative.js')], { encoding: 'utf8' })
    if (built.status !== 0) return `better-sqlite3 could not be built for Electron (npm run native:electron): ${(built.stderr || built.stdout).trim().split('\n').at(-1)}`
  }
  return null
}

const reason = electronUnavailable()
if (reason) process.stdout.write(`Electron e2e skipped: ${reason}\n`)

test('the desktop app opens a secured window that talks to the core over IPC', async () => {
  test.skip(reason !== null, `Electron e2e skipped: ${reason}`)
  const app = await electron.launch({ args: [repoRoot], env: { ...process.env, INGOT_DATA_DIR: tempDataDir() } })
  const window = await app.firstWindow()
  // A fresh data dir has no benchmark yet: past the first-start setup (onboarding.spec.ts tests it).
  await skipOnboardingNow(window)
  await expect(window.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible()
  await expect(window.getByText(/desktop app \(Electron /)).toBeVisible()
  // The renderer has no Node: only the bridge.
  expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined')
  expect(await window.evaluate(() => Object.keys((window as unknown as { ingot: object }).ingot).sort())).toContain('settings.update')
  await window.getByRole('button', { name: 'Pause' }).click()
  await expect(window.getByTestId('status-line')).toContainText('Paused by you')
  await window.screenshot({ path: screenshotPath('electron-overview') })
  await app.close()
})
