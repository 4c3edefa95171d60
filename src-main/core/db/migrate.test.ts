import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { IngotError } from '../errors'
import { tempDirs } from '../test/tempCore'
import { migrate, type Migration } from './migrate'
import { migrations } from './migrations'
import { databaseFile, openDatabase } from './open'
import { metricColumns } from '../telemetry/metrics'

const { fresh, removeAll } = tempDirs()
afterEach(removeAll)

const tables = (db: Database.Database) =>
  db.prepare<[], { name: string; strict: number }>("SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%'").all()

describe('migrations', () => {
  it('creates STRICT tables and sets user_version', () => {
    const { db, schemaVersion } = openDatabase(fresh())
    expect(schemaVersion).toBe(migrations.length)
    expect(db.pragma('user_version', { simple: true })).toBe(7)
    const t = tables(db)
    expect(t.map((x) => x.name).sort()).toEqual([
      'bench_runs',
      'devices',
      'energy_hourly',
      'inventory',
      'job_bundles',
      'job_outputs',
      'jobs',
      'ledger',
      'market_offers',
      'node_state',
      'perf_observations',
      'policy_log',
      'samples_1h',
      'samples_1m',
      'samples_raw',
      'settings',
      'settings_audit',
      'storage_probe'
    ])
    expect(t.every((x) => x.strict === 1)).toBe(true)
    // STRICT: a text in an INTEGER column is refused, not coerced.
    expect(() => db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('k', 'v', 'soon')").run()).toThrow(/cannot store TEXT/)
    db.close()
  })

  it('opens with WAL and foreign keys on, and reopening applies nothing twice', () => {
    const dir = fresh()
    const first = openDatabase(dir)
    expect(first.db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(first.db.pragma('foreign_keys', { simple: true })).toBe(1)
    first.db.prepare("INSERT INTO node_state (key, value, updated_at) VALUES ('a', 'b', 1)").run()
    first.db.close()
    const second = openDatabase(dir)
    expect(second.db.prepare('SELECT value FROM node_state').pluck().all()).toEqual(['b'])
    second.db.close()
  })

  it('refuses a database from a newer version with a clear message and leaves it untouched', () => {
    const dir = fresh()
    const raw = new Database(databaseFile(dir))
    raw.pragma('user_version = 99')
    raw.close()
    let error: unknown
    try {
      openDatabase(dir)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(IngotError)
    expect((error as IngotError).code).toBe('E_DB_TOO_NEW')
    expect((error as IngotError).message).toContain(`newer Ingot (schema v99; this build knows up to v${migrations.length})`)
    const check = new Database(databaseFile(dir))
    expect(check.pragma('user_version', { simple: true })).toBe(99)
    // Not even switched to WAL.
    expect(check.pragma('journal_mode', { simple: true })).toBe('delete')
    check.close()
  })

  it('rolls back every pending migration when one fails', () => {
    const db = new Database(':memory:')
    const broken: Migration[] = [
      { version: 1, name: 'ok', up: (d) => d.exec('CREATE TABLE a (x INTEGER) STRICT') },
      { version: 2, name: 'bad', up: (d) => d.exec('CREATE TABLE b (x INTEGER) STRICT; SELECT nope FROM nowhere') }
    ]
    expect(() => migrate(db, broken, ':memory:')).toThrow(/no such table/)
    expect(db.pragma('user_version', { simple: true })).toBe(0)
    expect(tables(db)).toEqual([])
  })

  it('applies only the migrations newer than user_version', () => {
    const db = new Database(':memory:')
    const ran: number[] = []
    const list: Migration[] = [1, 2, 3].map((v) => ({ version: v, name: `m${v}`, up: () => void ran.push(v) }))
    db.pragma('user_version = 1')
    expect(migrate(db, list, ':memory:')).toBe(3)
    expect(ran).toEqual([2, 3])
  })

  it('0002 has a raw and a rolled-up column for every metric', () => {
    const { db } = openDatabase(fresh())
    const cols = (t: string) => db.prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${t}')`).all().map((c) => c.name)
    for (const c of metricColumns) {
      expect(cols('samples_raw')).toContain(c)
      for (const t of ['samples_1m', 'samples_1h']) expect(cols(t)).toEqual(expect.arrayContaining([`${c}_min`, `${c}_avg`, `${c}_max`]))
    }
    db.close()
  })

  it('migrates a version-1 database to the newest, keeping its data', () => {
    const dir = fresh()
    const raw = new Database(databaseFile(dir))
    migrate(raw, migrations.slice(0, 1), 'v1')
    raw.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('theme', '\"dark\"', 1)").run()
    raw.close()
    const { db, schemaVersion } = openDatabase(dir)
    expect(schemaVersion).toBe(migrations.length)
    expect(db.prepare('SELECT value FROM settings').pluck().get()).toBe('"dark"')
    db.close()
  })

  it('0004: the ledger refuses updates, deletes, a second earning for a job and a wrongly signed amount', () => {
    const { db } = openDatabase(fresh())
    const add = db.prepare("INSERT INTO ledger (id, at, kind, job_id, amount_micro, currency, memo, prev_hash, hash) VALUES (?, 1, ?, ?, ?, 'DEMO', '', '', '')")
    add.run('a', 'earning', 'j1', 5)
    expect(() => add.run('b', 'earning', 'j1', 5)).toThrow(/UNIQUE/)
    expect(() => add.run('c', 'penalty', 'j1', 5)).toThrow(/CHECK/)
    expect(() => db.prepare("UPDATE ledger SET amount_micro = 6").run()).toThrow(/append-only/)
    expect(() => db.prepare('DELETE FROM ledger').run()).toThrow(/append-only/)
    add.run('d', 'payout', null, -5)
    add.run('e', 'payout', null, -5)
    expect(db.prepare('SELECT count(*) FROM ledger').pluck().get()).toBe(3)
    db.close()
  })

  it('0005: an offer record is a bid or a skip with its reason, never both', () => {
    const { db } = openDatabase(fresh())
    const add = db.prepare(
      "INSERT INTO market_offers (offer_id, market, seen_at, kind, title, unit, currency, max_micro, items, decision, reason, detail) VALUES (?, 'embedded', 1, 'matmul', 't', 'per1kItems', 'DEMO', 5, 1, ?, ?, '')"
    )
    add.run('o1', 'bid', null)
    add.run('o2', 'skip', 'price')
    expect(() => add.run('o3', 'bid', 'price')).toThrow(/CHECK/)
    expect(() => add.run('o4', 'skip', null)).toThrow(/CHECK/)
    expect(() => add.run('o5', 'maybe', null)).toThrow(/CHECK/)
    db.close()
  })

  it('rejects a migration list with a gap', () => {
    const db = new Database(':memory:')
    expect(() => migrate(db, [{ version: 2, name: 'm2', up: () => {} }], ':memory:')).toThrow(/expected 1/)
  })
})
