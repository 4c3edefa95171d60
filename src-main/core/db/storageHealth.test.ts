import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { silentLogger } from '../log'
import { manualClock, tempDirs } from '../test/tempCore'
import { until } from '../test/until'
import { openDatabase } from './open'
import { createStorageHealth, storageProblem } from './storageHealth'

const { fresh, removeAll } = tempDirs()
afterEach(removeAll)

/** A real database whose file may not grow past its current pages: SQLite's own "database or disk is full". */
function cappedDb() {
  const dir = fresh()
  const { db } = openDatabase(dir)
  db.exec('CREATE TABLE filler (b BLOB)')
  const pages = db.pragma('page_count', { simple: true }) as number
  db.pragma(`max_page_count = ${pages}`)
  return { dir, db, fill: () => db.prepare('INSERT INTO filler VALUES (?)').run(Buffer.alloc(64 * 1024)), uncap: () => db.pragma('max_page_count = 1073741823') }
}

describe('storage health', () => {
  it('names SQLite and file-system storage faults, and nothing else', () => {
    const { db, fill } = cappedDb()
    let full: unknown
    try {
      fill()
    } catch (err) {
      full = err
    }
    expect(storageProblem(full)).toBe('disk-full')
    const file = join(fresh(), 'ro.db')
    new Database(file).exec('CREATE TABLE t (x)')
    const ro = new Database(file, { readonly: true })
    expect(() => ro.exec('INSERT INTO t VALUES (1)')).toThrow()
    try {
      ro.exec('INSERT INTO t VALUES (1)')
    } catch (err) {
      expect(storageProblem(err)).toBe('read-only')
    }
    expect(storageProblem(Object.assign(new Error('x'), { code: 'ENOSPC' }))).toBe('disk-full')
    expect(storageProblem(Object.assign(new Error('x'), { code: 'EROFS' }))).toBe('read-only')
    expect(storageProblem(Object.assign(new Error('x'), { code: 'SQLITE_CONSTRAINT_UNIQUE' }))).toBeNull()
    expect(storageProblem(new Error('plain'))).toBeNull()
    expect(storageProblem(null)).toBeNull()
    db.close()
    ro.close()
  })

  it('pauses on a full disk and resumes by itself once a write succeeds', async () => {
    const { dir, db, fill, uncap } = cappedDb()
    const clock = manualClock()
    const health = createStorageHealth({ db, dataDir: dir, clock, log: silentLogger(), probeMs: 20, headroomBytes: () => 0 })
    const seen: (string | null)[] = []
    health.onChange((t) => seen.push(t?.problem ?? null))
    let err: unknown
    try {
      fill()
    } catch (e) {
      err = e
    }
    expect(health.report(err)).toBe(true)
    expect(health.report(err)).toBe(true)
    expect(health.current()).toMatchObject({ problem: 'disk-full', since: clock.now(), line: expect.stringMatching(/full.*resumes by itself/) })
    // The probe keeps failing while the file may not grow.
    await new Promise((r) => setTimeout(r, 100))
    expect(health.current()?.problem).toBe('disk-full')
    uncap()
    await until(() => health.current() === null, 2000)
    expect(seen).toEqual(['disk-full', null])
    expect(health.report(new Error('not storage'))).toBe(false)
    expect(health.current()).toBeNull()
    health.stop()
    db.close()
  })

  it('pauses before any write fails once free space falls below the reserve, and not while there is room', async () => {
    const { dir, db } = cappedDb()
    const clock = manualClock()
    // This disk's real free space, against a reserve it has and one it cannot have.
    const roomy = createStorageHealth({ db, dataDir: dir, clock, log: silentLogger(), watchMs: 20, lowBytes: () => 0 })
    const starved = createStorageHealth({ db, dataDir: dir, clock, log: silentLogger(), watchMs: 20, lowBytes: () => Number.MAX_SAFE_INTEGER })
    await until(() => starved.current() !== null, 5000)
    expect(starved.current()).toMatchObject({ problem: 'disk-full', line: expect.stringMatching(/^Paused: the disk holding Ingot’s data is full/) })
    await new Promise((r) => setTimeout(r, 100))
    expect(roomy.current()).toBeNull()
    roomy.stop()
    starved.stop()
    db.close()
  })

  it('waits for headroom on the disk before resuming, so the last free pages do not flap', async () => {
    const { dir, db, fill, uncap } = cappedDb()
    let need = Number.MAX_SAFE_INTEGER
    const health = createStorageHealth({ db, dataDir: dir, clock: manualClock(), log: silentLogger(), probeMs: 20, headroomBytes: () => need })
    try {
      fill()
    } catch (err) {
      health.report(err)
    }
    uncap()
    await new Promise((r) => setTimeout(r, 100))
    expect(health.current()?.problem).toBe('disk-full')
    need = 0
    await until(() => health.current() === null, 2000)
    health.stop()
    db.close()
  })
})

describe('storage health relapses', () => {
  it('waits longer before probing again when a fault comes back soon after a recovery', async () => {
    const { dir, db, fill, uncap } = cappedDb()
    const clock = manualClock()
    const logged: number[] = []
    const log = silentLogger()
    log.error = ((o: { nextProbeMs?: number }) => void logged.push(o.nextProbeMs ?? -1)) as never
    const health = createStorageHealth({ db, dataDir: dir, clock, log, probeMs: 20, headroomBytes: () => 0 })
    // Fills until SQLite refuses (freed probe pages may take a blob or two first).
    const fault = () => {
      for (let i = 0; i < 10; i++) {
        try {
          fill()
        } catch (err) {
          health.report(err)
          return
        }
      }
      throw new Error('the capped database never filled')
    }
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`)
    fault()
    uncap()
    await until(() => health.current() === null, 2000)
    // Again within a minute: the probe was fooled once, so it waits twice as long.
    clock.advance(10_000)
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`)
    fault()
    expect(logged).toEqual([20, 40])
    uncap()
    await until(() => health.current() === null, 2000)
    // Long after the last recovery: back to the normal pace.
    clock.advance(120_000)
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`)
    fault()
    expect(logged).toEqual([20, 40, 20])
    health.stop()
    db.close()
  })
})
