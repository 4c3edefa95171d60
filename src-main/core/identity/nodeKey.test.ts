import { createCipheriv, createDecipheriv, randomBytes, verify } from 'node:crypto'
import { chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { IngotError } from '../errors'
import { manualClock, tempDirs } from '../test/tempCore'
import { loadOrCreateNodeKey, nodeKeyFiles, type KeyProtector } from './nodeKey'

const { fresh, removeAll } = tempDirs()
afterEach(removeAll)

/** Stand-in for the OS keychain (Electron's safeStorage): AES-GCM under a key held in memory. */
function standInKeychain(options: { available?: boolean } = {}): KeyProtector & { key: Buffer } {
  const key = randomBytes(32)
  return {
    key,
    available: () => options.available ?? true,
    encrypt(plain) {
      const iv = randomBytes(12)
      const c = createCipheriv('aes-256-gcm', key, iv)
      const body = Buffer.concat([c.update(plain), c.final()])
      return Buffer.concat([iv, c.getAuthTag(), body])
    },
    decrypt(cipher) {
      const d = createDecipheriv('aes-256-gcm', key, cipher.subarray(0, 12))
      d.setAuthTag(cipher.subarray(12, 28))
      return Buffer.concat([d.update(cipher.subarray(28)), d.final()])
    }
  }
}

const modeOf = (file: string) => statSync(file).mode & 0o777
const posix = process.platform !== 'win32'

function thrown(f: () => unknown): IngotError {
  try {
    f()
  } catch (err) {
    expect(err).toBeInstanceOf(IngotError)
    return err as IngotError
  }
  throw new Error('expected an error')
}

describe('node key', () => {
  it('is made once, then the same key is loaded, with its first creation time', () => {
    const dataDir = fresh()
    const clock = manualClock()
    const first = loadOrCreateNodeKey({ dataDir, clock })
    clock.advance(86_400_000)
    const again = loadOrCreateNodeKey({ dataDir, clock })
    expect(again.identity()).toEqual(first.identity())
    expect(first.identity()).toMatchObject({ protection: 'file-0600', createdAt: manualClock().now() })
    expect(first.identity().keyId).toMatch(/^[0-9a-f]{16}$/)
    expect(first.publicKeyPem).toContain('BEGIN PUBLIC KEY')
    const sig = first.sign('hello')
    expect(verify(null, Buffer.from('hello'), again.publicKeyPem, Buffer.from(sig, 'base64'))).toBe(true)
    expect(JSON.parse(readFileSync(nodeKeyFiles(dataDir).meta, 'utf8'))).toEqual({ createdAt: manualClock().now(), publicKey: first.publicKeyPem })
    // No temp file is left behind.
    expect(readdirSync(dataDir).sort()).toEqual(['node-key.json', 'node-key.pem'])
  })

  it.skipIf(!posix)('keeps the private key file 0600 and tightens one that was loosened', () => {
    const dataDir = fresh()
    loadOrCreateNodeKey({ dataDir, clock: manualClock() })
    const { pem } = nodeKeyFiles(dataDir)
    expect(modeOf(pem)).toBe(0o600)
    chmodSync(pem, 0o644)
    loadOrCreateNodeKey({ dataDir, clock: manualClock() })
    expect(modeOf(pem)).toBe(0o600)
  })

  it('with a keychain, stores the key encrypted and reloads it', () => {
    const dataDir = fresh()
    const keychain = standInKeychain()
    const first = loadOrCreateNodeKey({ dataDir, clock: manualClock(), protector: keychain })
    const files = nodeKeyFiles(dataDir)
    expect(first.identity().protection).toBe('os-keychain')
    expect(existsSync(files.pem)).toBe(false)
    expect(readFileSync(files.enc).toString('latin1')).not.toContain('PRIVATE KEY')
    if (posix) expect(modeOf(files.enc)).toBe(0o600)
    const again = loadOrCreateNodeKey({ dataDir, clock: manualClock(), protector: keychain })
    expect(again.identity()).toEqual(first.identity())
  })

  it('moves a plain key under the keychain once one is available, keeping the same key', () => {
    const dataDir = fresh()
    const plain = loadOrCreateNodeKey({ dataDir, clock: manualClock() })
    const moved = loadOrCreateNodeKey({ dataDir, clock: manualClock(), protector: standInKeychain() })
    expect(moved.identity()).toEqual({ ...plain.identity(), protection: 'os-keychain' })
    expect(existsSync(nodeKeyFiles(dataDir).pem)).toBe(false)
    expect(existsSync(nodeKeyFiles(dataDir).enc)).toBe(true)
  })

  it('uses the plain file while the keychain is unavailable or fails', () => {
    const dataDir = fresh()
    const off = loadOrCreateNodeKey({ dataDir, clock: manualClock(), protector: standInKeychain({ available: false }) })
    expect(off.identity().protection).toBe('file-0600')
    const broken = { ...standInKeychain(), encrypt: () => Buffer.from('not what went in') }
    const still = loadOrCreateNodeKey({ dataDir, clock: manualClock(), protector: broken })
    expect(still.identity()).toEqual(off.identity())
    expect(existsSync(nodeKeyFiles(dataDir).pem)).toBe(true)
    expect(existsSync(nodeKeyFiles(dataDir).enc)).toBe(false)
  })

  it('removes a plain copy left beside the encrypted key by a crash mid-move', () => {
    const dataDir = fresh()
    const keychain = standInKeychain()
    const files = nodeKeyFiles(dataDir)
    loadOrCreateNodeKey({ dataDir, clock: manualClock() })
    const pem = readFileSync(files.pem)
    const key = loadOrCreateNodeKey({ dataDir, clock: manualClock(), protector: keychain })
    writeFileSync(files.pem, pem, { mode: 0o600 })
    expect(loadOrCreateNodeKey({ dataDir, clock: manualClock(), protector: keychain }).identity()).toEqual(key.identity())
    expect(existsSync(files.pem)).toBe(false)
  })

  it('refuses a corrupt key file with a message naming it, and leaves it untouched', () => {
    const dataDir = fresh()
    const files = nodeKeyFiles(dataDir)
    loadOrCreateNodeKey({ dataDir, clock: manualClock() })
    const garbage = '-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n'
    writeFileSync(files.pem, garbage)
    const err = thrown(() => loadOrCreateNodeKey({ dataDir, clock: manualClock() }))
    expect(err.code).toBe('E_INTERNAL')
    expect(err.message).toContain(files.pem)
    expect(err.message).toMatch(/corrupt.*Restore the file from a backup/s)
    expect(readFileSync(files.pem, 'utf8')).toBe(garbage)
    expect(existsSync(files.enc)).toBe(false)
  })

  it('refuses an encrypted key it cannot decrypt, and never makes a new one in its place', () => {
    const dataDir = fresh()
    const files = nodeKeyFiles(dataDir)
    loadOrCreateNodeKey({ dataDir, clock: manualClock(), protector: standInKeychain() })
    const before = readFileSync(files.enc)
    const otherKeychain = thrown(() => loadOrCreateNodeKey({ dataDir, clock: manualClock(), protector: standInKeychain() }))
    expect(otherKeychain.message).toContain(`Cannot decrypt the node key file ${files.enc}`)
    const noKeychain = thrown(() => loadOrCreateNodeKey({ dataDir, clock: manualClock() }))
    expect(noKeychain.message).toMatch(/encrypted with the OS keychain, which is not available/)
    expect(readFileSync(files.enc)).toEqual(before)
    expect(existsSync(files.pem)).toBe(false)
  })

  it('refuses two different keys side by side', () => {
    const a = fresh()
    const b = fresh()
    const keychain = standInKeychain()
    loadOrCreateNodeKey({ dataDir: a, clock: manualClock(), protector: keychain })
    loadOrCreateNodeKey({ dataDir: b, clock: manualClock() })
    writeFileSync(nodeKeyFiles(a).pem, readFileSync(nodeKeyFiles(b).pem), { mode: 0o600 })
    expect(thrown(() => loadOrCreateNodeKey({ dataDir: a, clock: manualClock(), protector: keychain })).message).toMatch(/hold different node keys/)
  })
})
