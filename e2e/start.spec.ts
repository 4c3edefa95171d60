import { spawn } from 'node:child_process'
import { rmSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import { freePort, repoRoot, startNode, tempDataDir } from './fixtures/headlessNode'
import { rawRequest } from './fixtures/rawHttp'

test('npm start falls back to the headless node in one clear line where Electron cannot start', async () => {
  // No display: Electron cannot open a window here even where its binary exists.
  const node = await startNode({ entry: 'launch.js', env: { DISPLAY: '', WAYLAND_DISPLAY: '' } })
  const lines = node.output().split('\n')
  const reason = lines.filter((l) => l.startsWith("Electron can't start here:"))
  expect(reason).toHaveLength(1)
  expect(reason[0]).toMatch(/Starting the headless node instead\.$/)
  expect(lines.some((l) => l.includes(`at ${node.url}`))).toBe(true)
  expect((await rawRequest(node.port, '/api/health')).status).toBe(200)
  expect(await node.stop()).toBe(0)
})

test('SIGTERM to `npm run headless` itself stops the node: no orphan keeps the port', async () => {
  test.setTimeout(120_000)
  const port = await freePort()
  const dataDir = tempDataDir()
  const npm = spawn('npm', ['run', 'headless', '--', '--port', String(port), '--data-dir', dataDir], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  npm.stdout.on('data', (c: Buffer) => (out += c.toString()))
  npm.stderr.on('data', (c: Buffer) => (out += c.toString()))
  const exited = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)))
  await expect.poll(() => out, { timeout: 90_000 }).toMatch(/at http:\/\/127\.0\.0\.1:\d+\/\?token=/)
  expect((await rawRequest(port, '/api/health')).status).toBe(200)
  npm.kill('SIGTERM')
  expect(await exited).toBe(0)
  await expect(rawRequest(port, '/api/health')).rejects.toThrow(/ECONNREFUSED/)
  rmSync(dataDir, { recursive: true, force: true })
})
