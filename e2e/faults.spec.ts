// Faults a node meets on people's machines, injected for real: a disk that fills up, a data folder
// that is read-only, a damaged database, the compute runner killed mid-job. Each expectation is
// stated in docs/RELIABILITY.md; nothing acknowledged may be lost and the ledger must verify.
import { execFileSync, spawnSync } from 'node:child_process'
import { closeSync, existsSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { expect, test } from '@playwright/test'
import { longTrainBundle } from '../src-main/core/jobs/test/bundles'
import { apiEnvelope, callApi } from './fixtures/api'
import { repoRoot, startNode, tempDataDir, type RunningNode } from './fixtures/headlessNode'
import { smallDisk } from './fixtures/tmpfs'

const status = (node: RunningNode) => callApi<{ activity: string; reason: string; line: string }>(node, 'node.status')
const ledgerRows = async (node: RunningNode) => (await callApi<{ ok: boolean; rows: number }>(node, 'ledger.verify')).rows

/** Writes zeros until the file system says ENOSPC; returns the filler's path. */
function fillDisk(dir: string): string {
  const file = join(dir, 'filler')
  const fd = openSync(file, 'w')
  const chunk = Buffer.alloc(256 * 1024)
  try {
    for (;;) writeSync(fd, chunk)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err
  } finally {
    closeSync(fd)
  }
  return file
}

function integrity(dataDir: string): string {
  const db = new Database(join(dataDir, 'ingot.db'), { readonly: true })
  try {
    return db.pragma('integrity_check', { simple: true }) as string
  } finally {
    db.close()
  }
}

/** Starts the built headless node and waits for it to exit by itself (a refusal at start). */
function startExpectingRefusal(dataDir: string, args: string[] = []) {
  const r = spawnSync(process.execPath, [join(repoRoot, 'out/main/headless.js'), '--port', '0', '--data-dir', dataDir, ...args], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, INGOT_AUTOBENCH: '0', INGOT_MARKET: 'off' } })
  return { code: r.status, stderr: r.stderr, stdout: r.stdout }
}

test('a full disk pauses the node, which keeps serving and resumes by itself once space is freed', async () => {
  test.setTimeout(180_000)
  const disk = smallDisk(24)
  test.skip(typeof disk === 'string', typeof disk === 'string' ? disk : '')
  if (typeof disk === 'string') return
  const node = await startNode({ dataDir: join(disk.dir, 'data'), env: { INGOT_MARKET: 'on', INGOT_AUTOBENCH: '1' } })
  try {
    // Earning first: real demo-market jobs paid into the ledger.
    await expect.poll(() => ledgerRows(node), { timeout: 90_000, intervals: [500] }).toBeGreaterThan(0)
    const filler = fillDisk(disk.dir)
    await expect.poll(async () => (await status(node)).reason, { timeout: 20_000, intervals: [250] }).toBe('storage')
    expect((await status(node)).line).toMatch(/disk holding Ingot’s data is full.*resumes by itself/)
    // A write is refused with a clear code (507), reads keep working, the process lives on.
    expect(await apiEnvelope(node, 'settings.update', { floorMicroPerGpuHour: 777_000 })).toMatchObject({ status: 507, ok: false, error: { code: 'E_STORAGE' } })
    expect(await apiEnvelope(node, 'jobs.submit', longTrainBundle(Date.now(), 10))).toMatchObject({ status: 507, ok: false, error: { code: 'E_STORAGE' } })
    const rowsWhileFull = await ledgerRows(node)
    await new Promise((r) => setTimeout(r, 8000))
    expect((await status(node)).reason).toBe('storage')
    expect((await callApi<{ ok: boolean }>(node, 'ledger.verify')).ok).toBe(true)
    expect(node.output()).not.toMatch(/SqliteError|Uncaught|at .*\.js:\d+/)

    rmSync(filler)
    await expect.poll(async () => (await status(node)).reason, { timeout: 30_000, intervals: [500] }).not.toBe('storage')
    // Work goes on: new paid jobs after the disk came back, and the earlier ones are all still there.
    await expect.poll(() => ledgerRows(node), { timeout: 90_000, intervals: [500] }).toBeGreaterThan(rowsWhileFull)
    expect(await apiEnvelope(node, 'settings.update', { floorMicroPerGpuHour: 777_000 })).toMatchObject({ ok: true })
    // No job was blamed for the disk: one whose end could not be written went back to the queue.
    const failed = await callApi<{ error: { code: string } | null }[]>(node, 'jobs.list', { state: 'failed', limit: 200 })
    expect(failed.filter((j) => j.error?.code === 'E_INTERNAL' || j.error?.code === 'E_STORAGE')).toEqual([])
    expect((await callApi<{ ok: boolean }>(node, 'ledger.verify')).ok).toBe(true)
    expect(await node.stop()).toBe(0)
    expect(integrity(node.dataDir)).toBe('ok')
  } finally {
    await node.stop()
    disk.remove()
  }
})

test('a read-only data folder is refused at start in one clear sentence', async () => {
  const disk = smallDisk(8)
  test.skip(typeof disk === 'string', typeof disk === 'string' ? disk : '')
  if (typeof disk === 'string') return
  try {
    const dataDir = join(disk.dir, 'data')
    const node = await startNode({ dataDir })
    expect(await node.stop()).toBe(0)
    disk.readOnly()
    const r = startExpectingRefusal(dataDir)
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/Cannot use the data directory .*data: it is read-only for Ingot/)
    expect(r.stderr).toMatch(/--data-dir/)
    expect(r.stderr).not.toMatch(/\n\s+at /)
    disk.writable()
    expect(integrity(dataDir)).toBe('ok')
  } finally {
    disk.remove()
  }
})

test('a damaged database is refused with a clear message; --fresh-start keeps it as a backup and the node its key', async () => {
  const dataDir = tempDataDir()
  try {
    const node = await startNode({ dataDir })
    const keyId = (await callApi<{ keyId: string }>(node, 'identity.get')).keyId
    expect(await node.stop()).toBe(0)
    const file = join(dataDir, 'ingot.db')
    // Garbage over every other page after the schema: the tables' b-trees are broken.
    const fd = openSync(file, 'r+')
    for (let page = 2; page < 12; page += 2) writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, page * 4096)
    closeSync(fd)
    const refused = startExpectingRefusal(dataDir)
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain(`The database ${file} is damaged`)
    expect(refused.stderr).toMatch(/--fresh-start/)
    expect(existsSync(file)).toBe(true)

    const fresh = await startNode({ dataDir, args: ['--fresh-start'] })
    try {
      expect(fresh.output()).toMatch(/damaged database was kept as .*ingot\.db\.damaged-\d{8}T\d{6}Z/)
      expect((await callApi<{ keyId: string }>(fresh, 'identity.get')).keyId).toBe(keyId)
      expect(await callApi(fresh, 'ledger.verify')).toMatchObject({ ok: true, rows: 0 })
    } finally {
      expect(await fresh.stop()).toBe(0)
    }
    expect(readdirSync(dataDir).filter((f) => /^ingot\.db\.damaged-\d{8}T\d{6}Z$/.test(f))).toHaveLength(1)
    // --fresh-start on a sound database changes nothing: it is only for a damaged one.
    const again = await startNode({ dataDir, args: ['--fresh-start'] })
    expect(await again.stop()).toBe(0)
    expect(readdirSync(dataDir).filter((f) => f.startsWith('ingot.db.damaged-'))).toHaveLength(1)
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
})

test('the compute runner killed with SIGKILL mid-job: the job is requeued, finishes on a new runner, and is paid once', async () => {
  test.setTimeout(120_000)
  const node = await startNode()
  try {
    // Seconds of training, so the kill lands mid-job (a one-row matmul job could finish first).
    const bundle = longTrainBundle(Date.now(), 3000)
    const { id } = await callApi<{ id: string }>(node, 'jobs.submit', bundle)
    await expect.poll(async () => (await callApi<{ progress: { done: number } | null }>(node, 'jobs.get', id)).progress?.done ?? 0, { timeout: 30_000, intervals: [100] }).toBeGreaterThan(0)
    const runnerPid = Number(execFileSync('pgrep', ['-P', String(node.pid)], { encoding: 'utf8' }).trim().split('\n')[0])
    expect(runnerPid).toBeGreaterThan(0)
    process.kill(runnerPid, 'SIGKILL')
    await expect.poll(async () => (await callApi<{ state: string }>(node, 'jobs.get', id)).state, { timeout: 60_000, intervals: [250] }).toBe('done')
    const job = await callApi<{ state: string; interruptions: number; receiptValid: boolean }>(node, 'jobs.get', id)
    expect(job).toMatchObject({ state: 'done', receiptValid: true })
    expect(job.interruptions).toBeGreaterThanOrEqual(1)
    const entries = await callApi<{ jobId: string | null; kind: string }[]>(node, 'ledger.entries', { limit: 100 })
    expect(entries.filter((e) => e.jobId === id && e.kind === 'earning')).toHaveLength(1)
    expect(await callApi(node, 'ledger.verify')).toMatchObject({ ok: true })
  } finally {
    expect(await node.stop()).toBe(0)
  }
})

