import { existsSync, openSync, readdirSync, readFileSync, writeFileSync, writeSync, closeSync, statSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { IngotError } from '../errors'
import { tempCore, tempDirs } from '../test/tempCore'
import { setAsideDamaged } from './damaged'
import { databaseFile, openDatabase } from './open'

const { fresh, removeAll } = tempDirs()
afterEach(removeAll)

function refusal(dir: string): IngotError {
  try {
    openDatabase(dir).db.close()
  } catch (err) {
    return err as IngotError
  }
  throw new Error('the damaged database was opened')
}

/** A real node's database, closed cleanly (one self-contained file). */
async function usedDatabase(): Promise<{ dir: string; keyId: string }> {
  const dir = fresh()
  const core = tempCore({ dir })
  await core.start()
  await core.dispatch('settings.update', [{ floorMicroPerGpuHour: 420_000 }])
  const keyId = ((await core.dispatch('identity.get', [])) as { value: { keyId: string } }).value.keyId
  await core.stop()
  return { dir, keyId }
}

describe('a damaged database', () => {
  it('is refused with a clear message when the file is not a database at all', () => {
    const dir = fresh()
    writeFileSync(databaseFile(dir), 'this is not SQLite, just text where the database should be'.repeat(100))
    const err = refusal(dir)
    expect(err).toBeInstanceOf(IngotError)
    expect(err.code).toBe('E_DB_CORRUPT')
    expect(err.message).toContain(databaseFile(dir))
    expect(err.message).toMatch(/--fresh-start/)
    expect(err.message).toMatch(/kept beside it as a backup/)
  })

  it('is refused when pages inside a real database are overwritten, and nothing is written to it', async () => {
    const { dir } = await usedDatabase()
    const file = databaseFile(dir)
    const pageSize = 4096
    const pages = statSync(file).size / pageSize
    // Garbage over the middle pages (b-tree pages of the tables), header and schema left intact.
    const fd = openSync(file, 'r+')
    for (let p = 2; p < pages - 1; p += 2) writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, p * pageSize)
    closeSync(fd)
    const before = readFileSync(file)
    expect(refusal(dir).code).toBe('E_DB_CORRUPT')
    expect(readFileSync(file).equals(before)).toBe(true)
  })

  it('can be set aside for a fresh start: the damaged file is kept, the node key too', async () => {
    const { dir, keyId } = await usedDatabase()
    writeFileSync(databaseFile(dir), Buffer.alloc(8192, 0x42))
    expect(refusal(dir).code).toBe('E_DB_CORRUPT')
    const backup = setAsideDamaged(databaseFile(dir), new Date(Date.UTC(2026, 11, 3, 9, 30, 5)))
    expect(backup).toBe(`${databaseFile(dir)}.damaged-20261203T093005Z`)
    expect(readFileSync(backup).equals(Buffer.alloc(8192, 0x42))).toBe(true)
    expect(existsSync(databaseFile(dir))).toBe(false)
    const core = tempCore({ dir })
    await core.start()
    const id = (await core.dispatch('identity.get', [])) as { value: { keyId: string } }
    expect(id.value.keyId).toBe(keyId)
    expect(await core.dispatch('ledger.verify', [])).toMatchObject({ ok: true, value: { ok: true, rows: 0 } })
    await core.stop()
    expect(readdirSync(dir).filter((f) => f.includes('.damaged-'))).toHaveLength(1)
  })
})
