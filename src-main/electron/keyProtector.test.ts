// The adapter from Electron's safeStorage to the node key's protector. No Electron binary runs on
// these machines, so safeStorage is replaced by a stand-in (labelled below) with the same methods.
import { afterEach, describe, expect, it } from 'vitest'
import { loadOrCreateNodeKey } from '../core/identity/nodeKey'
import { manualClock, tempDir } from '../core/test/tempCore'
import { safeStorageProtector, type SafeStorageLike } from './keyProtector'

/** Stand-in for Electron's safeStorage: a reversible scrambling, and a switchable availability. */
function standInSafeStorage(options: { available?: boolean; backend?: string } = {}): SafeStorageLike & { calls: string[] } {
  const calls: string[] = []
  const flip = (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a))
  return {
    calls,
    isEncryptionAvailable: () => options.available ?? true,
    encryptString: (plain) => (calls.push('encrypt'), Buffer.concat([Buffer.from('v10'), flip(Buffer.from(plain, 'utf8'))])),
    decryptString: (cipher) => (calls.push('decrypt'), flip(cipher.subarray(3)).toString('utf8')),
    ...(options.backend === undefined ? {} : { getSelectedStorageBackend: () => options.backend! })
  }
}

const dirs: { remove(): void }[] = []
afterEach(() => dirs.splice(0).forEach((d) => d.remove()))

describe('safeStorage key protector', () => {
  it('round-trips bytes through encryptString and decryptString', () => {
    const storage = standInSafeStorage()
    const protector = safeStorageProtector(storage, 'darwin')
    const plain = Buffer.from('-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----\n')
    const cipher = protector.encrypt(plain)
    expect(cipher.includes(plain)).toBe(false)
    expect(protector.decrypt(cipher)).toEqual(plain)
    expect(storage.calls).toEqual(['encrypt', 'decrypt'])
  })

  it('is available only with real OS protection', () => {
    expect(safeStorageProtector(standInSafeStorage({ available: false }), 'win32').available()).toBe(false)
    expect(safeStorageProtector(standInSafeStorage(), 'win32').available()).toBe(true)
    // Linux: Chromium's built-in password protects nothing.
    expect(safeStorageProtector(standInSafeStorage({ backend: 'basic_text' }), 'linux').available()).toBe(false)
    expect(safeStorageProtector(standInSafeStorage({ backend: 'unknown' }), 'linux').available()).toBe(false)
    expect(safeStorageProtector(standInSafeStorage({ backend: 'gnome_libsecret' }), 'linux').available()).toBe(true)
    expect(safeStorageProtector(standInSafeStorage({ backend: 'basic_text' }), 'darwin').available()).toBe(true)
  })

  it('keeps the node key under the keychain', () => {
    const d = tempDir()
    dirs.push(d)
    const protector = safeStorageProtector(standInSafeStorage({ backend: 'kwallet6' }), 'linux')
    const key = loadOrCreateNodeKey({ dataDir: d.dir, clock: manualClock(), protector })
    expect(key.identity().protection).toBe('os-keychain')
    expect(loadOrCreateNodeKey({ dataDir: d.dir, clock: manualClock(), protector }).identity()).toEqual(key.identity())
  })
})
