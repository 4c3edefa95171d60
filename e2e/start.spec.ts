import { expect, test } from '@playwright/test'
import { startNode } from './fixtures/headlessNode'
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
