// The desktop's answer to a damaged database, with a stand-in for Electron's dialog (the owner's click).
import { existsSync, readdirSync, writeFileSync } from 'node:fs'
import type { MessageBoxSyncOptions } from 'electron'
import { afterEach, describe, expect, it } from 'vitest'
import { databaseFile } from '../core/db/open'
import { silentLogger } from '../core/log'
import { tempDirs } from '../core/test/tempCore'
import { startDesktopCore } from './startCore'

const { fresh, removeAll } = tempDirs()
afterEach(removeAll)

function damaged(): string {
  const dir = fresh()
  writeFileSync(databaseFile(dir), Buffer.alloc(4096, 0x33))
  return dir
}

describe('desktop start with a damaged database', () => {
  it('asks, and on "Start fresh" keeps the damaged file and starts on a new one', async () => {
    const dir = damaged()
    const asked: MessageBoxSyncOptions[] = []
    const { core, setAside } = startDesktopCore({ dataDir: dir, log: silentLogger(), shell: 'desktop', autoBenchmark: false, market: false }, (o) => (asked.push(o), 0))
    expect(asked).toHaveLength(1)
    expect(asked[0]).toMatchObject({ buttons: ['Start fresh', 'Quit'], cancelId: 1, defaultId: 1 })
    expect(asked[0]!.detail).toContain(databaseFile(dir))
    expect(setAside).toMatch(/ingot\.db\.damaged-\d{8}T\d{6}Z$/)
    expect(existsSync(setAside!)).toBe(true)
    expect((await core.dispatch('ledger.verify', [])).ok).toBe(true)
    await core.stop()
  })

  it('on "Quit" changes nothing and reports the damage', () => {
    const dir = damaged()
    expect(() => startDesktopCore({ dataDir: dir, log: silentLogger(), shell: 'desktop', autoBenchmark: false, market: false }, () => 1)).toThrow(/is damaged/)
    expect(readdirSync(dir).filter((f) => f.includes('damaged'))).toEqual([])
  })

  it('does not ask when the database is sound', async () => {
    let asked = 0
    const { core, setAside } = startDesktopCore({ dataDir: fresh(), log: silentLogger(), shell: 'desktop', autoBenchmark: false, market: false }, () => ++asked)
    expect(asked).toBe(0)
    expect(setAside).toBeNull()
    await core.stop()
  })
})
