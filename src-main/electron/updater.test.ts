// electron-updater's autoUpdater is replaced by a STAND-IN (an EventEmitter with the same fields):
// Electron and a release feed are not available here. The wiring is what is tested.
import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import type { UpdateChannel, UpdateStatus } from '../../src-preload/contract'
import { silentLogger } from '../core/log'
import { startUpdater } from './updater'

function standIn(fail?: Error) {
  const events = new EventEmitter()
  const u = {
    autoDownload: false,
    autoInstallOnAppQuit: false,
    allowPrerelease: false,
    channel: null as string | null,
    checks: [] as string[],
    on: (event: string, listener: (payload: never) => void) => events.on(event, listener as (payload: unknown) => void),
    emit: (event: string, payload?: unknown) => events.emit(event, payload),
    async checkForUpdates() {
      u.checks.push(u.channel ?? '')
      if (fail) throw fail
      return null
    }
  }
  return u
}

describe('updater', () => {
  it('stays off in development builds, CI and when turned off, saying why', () => {
    for (const [packaged, env, why] of [
      [false, {}, /development or unpacked/],
      [true, { CI: 'true' }, /CI or INGOT_UPDATES=off/],
      [true, { INGOT_UPDATES: 'off' }, /CI or INGOT_UPDATES=off/]
    ] as const) {
      const u = standIn()
      const seen: UpdateStatus[] = []
      const up = startUpdater({ updater: u, packaged, env, log: silentLogger(), channel: () => 'stable', onStatus: (s) => seen.push(s) })
      expect(up.status()).toMatchObject({ state: 'disabled', detail: expect.stringMatching(why) })
      expect(u.checks).toEqual([])
      up.stop()
    }
  })

  it('checks on the chosen channel, reports progress, and is ready to install on quit', async () => {
    const u = standIn()
    let channel: UpdateChannel = 'stable'
    const seen: UpdateStatus[] = []
    const up = startUpdater({ updater: u, packaged: true, env: {}, log: silentLogger(), channel: () => channel, onStatus: (s) => seen.push(s), now: () => 1000 })
    expect(u).toMatchObject({ autoDownload: true, autoInstallOnAppQuit: true, channel: 'latest', allowPrerelease: false })
    u.emit('update-available', { version: '0.2.0' })
    u.emit('download-progress', { percent: 41.6 })
    u.emit('update-downloaded', { version: '0.2.0' })
    expect(seen.map((s) => s.state)).toEqual(['checking', 'available', 'downloading', 'ready'])
    expect(up.status()).toMatchObject({ state: 'ready', version: '0.2.0', progressPct: 100, detail: 'Installs when you quit Ingot.' })
    channel = 'beta'
    await up.check()
    expect(u.checks).toEqual(['latest', 'beta'])
    expect(u.allowPrerelease).toBe(true)
    up.stop()
  })

  it('turns errors into a state and a log line, never a throw', async () => {
    const u = standIn(new Error('net::ERR_NAME_NOT_RESOLVED'))
    const up = startUpdater({ updater: u, packaged: true, env: {}, log: silentLogger(), channel: () => 'stable', onStatus: () => {} })
    await up.check()
    expect(up.status()).toMatchObject({ state: 'error', detail: expect.stringContaining('ERR_NAME_NOT_RESOLVED') })
    u.emit('error', new Error('bad signature'))
    expect(up.status().detail).toContain('bad signature')
    up.stop()
  })
})
