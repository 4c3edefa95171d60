import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { dataDirFlag, resolveDataDir } from './dataDir'

describe('data directory', () => {
  it('prefers --data-dir, then INGOT_DATA_DIR, then $XDG_DATA_HOME/ingot, then ~/.local/share/ingot', () => {
    expect(resolveDataDir('rel/dir', { INGOT_DATA_DIR: '/env' })).toBe(resolve('rel/dir'))
    expect(resolveDataDir(undefined, { INGOT_DATA_DIR: '/env', XDG_DATA_HOME: '/xdg' })).toBe('/env')
    expect(resolveDataDir(undefined, { XDG_DATA_HOME: '/xdg' })).toBe('/xdg/ingot')
    expect(resolveDataDir(undefined, {})).toBe(join(homedir(), '.local', 'share', 'ingot'))
  })

  it('finds --data-dir among other flags', () => {
    expect(dataDirFlag(['/usr/bin/electron', '.', '--no-sandbox', '--data-dir', '/d'])).toBe('/d')
    expect(dataDirFlag(['electron', '--data-dir=/e'])).toBe('/e')
    expect(dataDirFlag(['electron', '.'])).toBeUndefined()
  })
})
