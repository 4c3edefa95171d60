// The installer configuration (electron-builder.json) is checked here, since building installers
// needs the network to fetch Electron: by electron-builder's own schema validation, and for what the
// app needs — the four installer kinds, a publish provider for electron-updater, native modules and
// the compute runner's files outside the asar archive, and the Electron fuses flipped at packaging.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { minimatch } from 'minimatch'
import { describe, expect, it } from 'vitest'
import { validateConfiguration } from 'app-builder-lib/out/util/config/config'
import { DebugLogger } from 'builder-util'
import { PlatformPackager } from 'app-builder-lib'
import { FuseV1Options } from '@electron/fuses'

const root = join(__dirname, '../..')
const config = JSON.parse(readFileSync(join(root, 'electron-builder.json'), 'utf8')) as Record<string, never> & { $schema?: string }

describe('installer configuration', () => {
  it('passes electron-builder’s own validation', async () => {
    const { $schema: _schema, ...c } = config
    await expect(validateConfiguration(c as never, new DebugLogger(false))).resolves.toBeUndefined()
    // And a broken one is caught, so the check above means something.
    await expect(validateConfiguration({ ...c, asarUnpak: ['*.node'] } as never, new DebugLogger(false))).rejects.toThrow(/asarUnpak/)
  })

  it('builds AppImage, deb, NSIS and dmg, and publishes where electron-updater looks', () => {
    const c = config as unknown as { linux: { target: string[] }; win: { target: string[] }; mac: { target: string[] }; publish: { provider: string }[]; extraMetadata: { main: string } }
    expect([...c.linux.target, ...c.win.target, ...c.mac.target]).toEqual(['AppImage', 'deb', 'nsis', 'dmg'])
    expect(c.publish[0]!.provider).toBe('github')
    expect(c.extraMetadata.main).toBe('out/main/main.js')
  })

  it('keeps native modules, wasm binaries and the compute runner out of the asar archive', () => {
    const unpacked = (config as unknown as { asarUnpack: string[] }).asarUnpack
    const matches = (p: string) => unpacked.some((g) => minimatch(p, g, { dot: true }))
    const sqlite = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'
    expect(existsSync(join(root, sqlite))).toBe(true)
    expect(matches(sqlite)).toBe(true)
    expect(matches('node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm')).toBe(true)
    expect(matches('node_modules/@tensorflow/tfjs-node-gpu/lib/napi-v8/tfjs_binding.node')).toBe(true)
    expect(matches('node_modules/@tensorflow/tfjs-node-gpu/deps/lib/libtensorflow.so.2')).toBe(true)
    expect(matches('out/main/computeRunner.js')).toBe(true)
    expect(matches('out/main/main.js')).toBe(false)
  })

  it('asks for an asar archive, which the asar fuses below depend on', () => {
    expect((config as unknown as { asar: unknown }).asar).toBe(true)
  })

  // Fuses are flipped in the Electron binary at packaging. The config goes through
  // electron-builder's own mapping to @electron/fuses, so a misspelt key would show up as unset.
  describe('Electron fuses', () => {
    const fuses = (config as unknown as { electronFuses: Record<string, boolean> }).electronFuses
    const wired = () => (PlatformPackager.prototype as unknown as { generateFuseConfig(f: unknown): Promise<Record<number, boolean>> }).generateFuseConfig(fuses)
    it.each([
      ['RunAsNode', false, 'ELECTRON_RUN_AS_NODE cannot turn the app into a plain Node.js'],
      ['EnableNodeOptionsEnvironmentVariable', false, 'NODE_OPTIONS cannot inject code'],
      ['EnableNodeCliInspectArguments', false, '--inspect cannot attach a debugger'],
      ['OnlyLoadAppFromAsar', true, 'only app.asar is loaded, not a planted app/ folder'],
      ['EnableEmbeddedAsarIntegrityValidation', true, 'a modified app.asar is refused'],
      ['EnableCookieEncryption', true, 'cookies on disk are encrypted'],
      ['GrantFileProtocolExtraPrivileges', false, 'file:// gets no extra privileges (the app uses app://)']
    ] as const)('%s is %s: %s', async (fuse, value, _why) => {
      expect((await wired())[FuseV1Options[fuse]]).toBe(value)
    })
  })
})
