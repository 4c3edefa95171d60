// A real SQLite file and the real worker thread, built (`electron-vite build`) as the app ships it.
import { existsSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import pino from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import { silentLogger } from '../log'
import { tempDir } from '../test/tempCore'
import { until } from '../test/until'
import { startCheckpointer } from './checkpointer'
import { databaseFile, openDatabase, WAL_LIMIT_BYTES } from './open'

const builtWorker = join(__dirname, '../../../out/main/checkpointWorker.js')
const dirs: ReturnType<typeof tempDir>[] = []
afterEach(() => dirs.splice(0).forEach((d) => d.remove()))

function freshDb() {
  const d = tempDir()
  dirs.push(d)
  const { db } = openDatabase(d.dir)
  db.exec('CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB NOT NULL) STRICT')
  return { db, file: databaseFile(d.dir) }
}

const autoPages = (db: ReturnType<typeof freshDb>['db']) => db.pragma('wal_autocheckpoint', { simple: true })

describe('WAL checkpoints on their own thread', () => {
  it('copies the writer’s log into the database file while the writer never checkpoints, and hands back a sound file', async () => {
    const { db, file } = freshDb()
    const checkpoints = startCheckpointer(db, file, { log: silentLogger(), workerFile: builtWorker, intervalMs: 50 })
    expect(checkpoints.active()).toBe(true)
    expect(autoPages(db)).toBe(0)
    const before = statSync(file).size
    const insert = db.prepare('INSERT INTO blobs (data) VALUES (?)')
    for (let i = 0; i < 6; i++) insert.run(Buffer.alloc(1 << 20, i))
    // Only a checkpoint moves pages from the log into the database file; the writer takes none now.
    await until(() => statSync(file).size >= before + 6 * (1 << 20), 10_000)

    await checkpoints.stop()
    expect(checkpoints.active()).toBe(false)
    expect(autoPages(db)).toBe(1000)
    db.close()
    expect(existsSync(`${file}-wal`)).toBe(false)
    const { db: again } = openDatabase(join(file, '..'))
    expect(again.pragma('integrity_check', { simple: true })).toBe('ok')
    expect(again.prepare('SELECT count(*) AS n, sum(length(data)) AS bytes FROM blobs').get()).toEqual({ n: 6, bytes: 6 * (1 << 20) })
    again.close()
  })

  it('cuts the log back once it starts over, and empties one that grew past its bound', async () => {
    const { db, file } = freshDb()
    const insert = db.prepare('INSERT INTO blobs (data) VALUES (?)')
    const walBytes = () => statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0
    // Bursts written before a worker starts (the writer's own checkpoints off, as they are under one):
    // nothing copies them meanwhile, so the log surely holds them all.
    const burst = (mib: number) => {
      db.pragma('wal_autocheckpoint = 0')
      for (let i = 0; i < mib; i++) insert.run(Buffer.alloc(1 << 20, i))
      expect(walBytes()).toBeGreaterThan(mib << 20)
    }
    const start = () => startCheckpointer(db, file, { log: silentLogger(), workerFile: builtWorker, intervalMs: 20, truncateBytes: 16 << 20 })

    // Under the bound: the first write that finds every frame copied (and no checkpoint reading the
    // log just then) starts the log over, and the file is cut back.
    burst(10)
    let checkpoints = start()
    await until(() => {
      insert.run(Buffer.alloc(1024))
      return walBytes() <= WAL_LIMIT_BYTES
    }, 10_000)
    await checkpoints.stop()

    // Past the bound, with no write after it: the worker empties the log itself.
    burst(20)
    checkpoints = start()
    await until(() => walBytes() <= WAL_LIMIT_BYTES, 10_000)
    expect(db.prepare('SELECT count(*) AS n FROM blobs WHERE length(data) = ?').get(1 << 20)).toEqual({ n: 30 })
    await checkpoints.stop()
    db.close()
  })

  it('hands the checkpoints back to the writer, and says so, when the worker fails', async () => {
    const { db } = freshDb()
    const lines: { msg: string }[] = []
    const log = pino({}, { write: (s: string) => void lines.push(JSON.parse(s)) })
    // A database the worker cannot open: its thread ends with the error.
    const checkpoints = startCheckpointer(db, join(dirs[0]!.dir, 'missing.db'), { log, workerFile: builtWorker, intervalMs: 50 })
    await until(() => !checkpoints.active(), 10_000)
    expect(autoPages(db)).toBe(1000)
    expect(lines.some((l) => /WAL checkpoints are back on the node's thread/.test(l.msg))).toBe(true)
    await checkpoints.stop()
    db.close()
  })

  it('gives the checkpoints back to the writer when they keep failing, saying so once per kind of failure', async () => {
    const { db } = freshDb()
    const lines: { msg: string; code?: string }[] = []
    const log = pino({}, { write: (s: string) => void lines.push(JSON.parse(s)) })
    // A file that is not a database: the worker opens it, and every checkpoint fails.
    const notADb = join(dirs[0]!.dir, 'not-a-database')
    writeFileSync(notADb, 'x'.repeat(8192))
    const checkpoints = startCheckpointer(db, notADb, { log, workerFile: builtWorker, intervalMs: 20 })
    expect(checkpoints.active()).toBe(true)
    await until(() => !checkpoints.active(), 10_000)
    expect(autoPages(db)).toBe(1000)
    expect(lines.filter((l) => l.msg === 'a WAL checkpoint failed; the next one tries again')).toEqual([expect.objectContaining({ code: 'SQLITE_NOTADB' })])
    expect(lines.some((l) => /WAL checkpoints are back on the node's thread: checkpoints kept failing \(SQLITE_NOTADB\)/.test(l.msg))).toBe(true)
    await checkpoints.stop()
    db.close()
  })

  it('hands every failed checkpoint to the node’s storage health, which keeps the worker on while it deals with them', async () => {
    const { db } = freshDb()
    const notADb = join(dirs[0]!.dir, 'not-a-database')
    writeFileSync(notADb, 'x'.repeat(8192))
    const seen: string[] = []
    // As storageHealth.report answers for a full disk: taken in hand (the node pauses until writes fit).
    const checkpoints = startCheckpointer(db, notADb, { log: silentLogger(), workerFile: builtWorker, intervalMs: 20, onStorageFault: (err) => (seen.push(err.code), true) })
    await until(() => seen.length >= 30, 10_000)
    expect(new Set(seen)).toEqual(new Set(['SQLITE_NOTADB']))
    expect(checkpoints.active()).toBe(true)
    expect(autoPages(db)).toBe(0)
    await checkpoints.stop()
    db.close()
  })

  it('leaves the writer to checkpoint by itself where no worker was built', async () => {
    const { db, file } = freshDb()
    const checkpoints = startCheckpointer(db, file, { log: silentLogger(), workerFile: null })
    expect(checkpoints.active()).toBe(false)
    expect(autoPages(db)).toBe(1000)
    await checkpoints.stop()
    db.close()
  })
})
