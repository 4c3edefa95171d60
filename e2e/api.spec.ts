import { readFileSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { startNode, tempDataDir, type RunningNode } from './fixtures/headlessNode'
import { rawRequest } from './fixtures/rawHttp'

let node: RunningNode
test.beforeAll(async () => {
  node = await startNode()
})
test.afterAll(async () => {
  await node.stop()
})

const json = { 'Content-Type': 'application/json' }

test('the API refuses a missing token with 401, but health needs none', async () => {
  expect((await rawRequest(node.port, '/api/health')).status).toBe(200)
  const r = await rawRequest(node.port, '/api/settings.get', { method: 'POST', headers: json, body: '[]' })
  expect(r.status).toBe(401)
  expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'E_UNAUTHORIZED' } })
})

test('a foreign Host header is refused even with the token', async () => {
  const r = await rawRequest(node.port, '/api/settings.get', { method: 'POST', headers: { ...json, Authorization: `Bearer ${node.token}`, Host: `rebind.attacker.example:${node.port}` }, body: '[]' })
  expect(r.status).toBe(403)
  expect(JSON.parse(r.body).error.message).toMatch(/DNS rebinding/)
})

test('bad input gets a 4xx naming the problem and the node keeps serving', async () => {
  const auth = { ...json, Authorization: `Bearer ${node.token}` }
  const cases: [string, string, number, RegExp][] = [
    ['/api/settings.update', '{"theme":', 400, /not valid JSON/],
    ['/api/settings.update', '{"theme":"dark"}', 400, /JSON array/],
    ['/api/settings.update', '[{"theme":7}]', 400, /^theme: /],
    ['/api/settings.update', '[{"idleMinutes":100000}]', 400, /^idleMinutes: must be at most 240/],
    ['/api/settings.explode', '[]', 404, /Unknown method/],
    ['/api/settings.update', '[]', 400, /needs 1 argument/]
  ]
  for (const [path, body, status, message] of cases) {
    const r = await rawRequest(node.port, path, { method: 'POST', headers: auth, body })
    expect(r.status, `${path} ${body.slice(0, 40)}`).toBe(status)
    expect(JSON.parse(r.body).error.message).toMatch(message)
  }
  // Oversize: refused from the declared length, before any of it is read.
  const big = await rawRequest(node.port, '/api/settings.update', { method: 'POST', headers: { ...auth, 'Content-Length': '2000000' } })
  expect(big.status).toBe(413)
  expect(JSON.parse(big.body).error.message).toMatch(/over 1048576 bytes/)
  const after = await rawRequest(node.port, '/api/settings.get', { method: 'POST', headers: auth, body: '[]' })
  expect(JSON.parse(after.body).value).toMatchObject({ theme: 'system', idleMinutes: 10, displayCurrency: 'USD' })
})

test('SIGTERM shuts down cleanly: exit 0, database closed, logs written', async () => {
  const dataDir = tempDataDir()
  const other = await startNode({ dataDir })
  expect(await other.stop()).toBe(0)
  const logs = readdirSync(join(other.dataDir, 'logs'))
    .map((f) => readFileSync(join(other.dataDir, 'logs', f), 'utf8'))
    .join('')
  expect(logs).toMatch(/"msg":"core stopped"/)
  // A closed WAL database leaves no -wal file behind.
  expect(readdirSync(other.dataDir)).not.toContain('ingot.db-wal')
  rmSync(dataDir, { recursive: true, force: true })
})
