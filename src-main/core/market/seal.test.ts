import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { IngotError } from '../errors'
import { tempDirs } from '../test/tempCore'
import { generateSealKey, loadOrCreateSealKey, openSealed, seal, SEAL_ALG, SEAL_MAX_BYTES, type SealedBox } from './seal'

const { fresh, removeAll } = tempDirs()
afterEach(removeAll)

const posix = process.platform !== 'win32'
const AAD = 'job:42'

function thrown(f: () => unknown): IngotError {
  try {
    f()
  } catch (err) {
    expect(err).toBeInstanceOf(IngotError)
    return err as IngotError
  }
  throw new Error('expected an error')
}

/** The same box with one byte of a base64 field flipped. */
function flipped(box: SealedBox, field: 'ct' | 'tag' | 'iv' | 'epk'): SealedBox {
  const bytes = Buffer.from(box[field], 'base64')
  const i = bytes.length >> 1
  bytes[i] = bytes[i]! ^ 0x01
  return { ...box, [field]: bytes.toString('base64') }
}

describe('sealed boxes', () => {
  const key = generateSealKey()

  it('round-trips a 1 MiB payload to the recipient only', () => {
    const plain = randomBytes(1024 * 1024)
    const box = seal(plain, key.publicKeyB64, AAD)
    expect(box).toMatchObject({ v: 1, alg: SEAL_ALG })
    expect(Buffer.from(box.epk, 'base64')).toHaveLength(32)
    expect(openSealed(JSON.parse(JSON.stringify(box)), key, AAD).equals(plain)).toBe(true)
    expect(Buffer.from(key.publicKeyB64, 'base64')).toHaveLength(32)
  })

  it('round-trips an empty payload', () => {
    expect(openSealed(seal(new Uint8Array(0), key.publicKeyB64, AAD), key, AAD)).toHaveLength(0)
  })

  it('cannot be opened with another key', () => {
    const box = seal(Buffer.from('secret'), key.publicKeyB64, AAD)
    const err = thrown(() => openSealed(box, generateSealKey(), AAD))
    expect(err.code).toBe('E_BAD_INPUT')
    expect(err.message).toMatch(/^The sealed bundle cannot be opened/)
    expect(err.message).not.toContain('\n')
  })

  it.each(['ct', 'tag', 'iv', 'epk'] as const)('fails when one byte of %s is flipped', (field) => {
    const box = seal(Buffer.from('a job bundle'), key.publicKeyB64, AAD)
    expect(openSealed(box, key, AAD).toString()).toBe('a job bundle')
    expect(thrown(() => openSealed(flipped(box, field), key, AAD)).code).toBe('E_BAD_INPUT')
  })

  it('fails under different associated data', () => {
    const box = seal(Buffer.from('a job bundle'), key.publicKeyB64, AAD)
    expect(thrown(() => openSealed(box, key, 'job:43')).code).toBe('E_BAD_INPUT')
  })

  it('gives two different boxes for the same plaintext', () => {
    const a = seal(Buffer.from('same'), key.publicKeyB64, AAD)
    const b = seal(Buffer.from('same'), key.publicKeyB64, AAD)
    expect(a.epk).not.toBe(b.epk)
    expect(a.iv).not.toBe(b.iv)
    expect(a.ct).not.toBe(b.ct)
  })

  it('refuses a recipient key that is not 32 bytes of base64', () => {
    for (const bad of ['', 'not base64!', randomBytes(31).toString('base64'), randomBytes(33).toString('base64')]) {
      const err = thrown(() => seal(Buffer.from('x'), bad, AAD))
      expect(err.code).toBe('E_BAD_INPUT')
      expect(err.message).toMatch(/32 bytes/)
    }
  })

  it('refuses a payload over the limit before encrypting it', () => {
    expect(thrown(() => seal(new Uint8Array(SEAL_MAX_BYTES + 1), key.publicKeyB64, AAD)).code).toBe('E_TOO_LARGE')
  })

  const good = seal(Buffer.from('a job bundle'), key.publicKeyB64, AAD)
  const { ct: _ct, ...noCt } = good
  const malformed: [string, unknown][] = [
    ['not an object', 'box'],
    ['null', null],
    ['a missing field', noCt],
    ['a wrong version', { ...good, v: 2 }],
    ['a wrong algorithm', { ...good, alg: 'x25519-hkdf-sha256-chacha20-poly1305' }],
    ['non-base64 ct', { ...good, ct: `${good.ct.slice(0, -4)}!!!!` }],
    ['non-base64 epk', { ...good, epk: `${good.epk.slice(0, -4)}@@@=` }],
    ['a short epk', { ...good, epk: randomBytes(31).toString('base64') }],
    ['a long iv', { ...good, iv: randomBytes(16).toString('base64') }],
    ['a short tag', { ...good, tag: randomBytes(12).toString('base64') }],
    ['an extra field', { ...good, note: 'hi' }],
    ['a ct over the limit', { ...good, ct: 'A'.repeat(4 * Math.ceil(SEAL_MAX_BYTES / 3) + 4) }]
  ]
  it.each(malformed)('rejects a box with %s', (_, box) => {
    expect(openSealed(good, key, AAD).toString()).toBe('a job bundle')
    const err = thrown(() => openSealed(box, key, AAD))
    expect(err.code).toBe('E_BAD_INPUT')
    expect(err.message).toMatch(/^The sealed bundle is malformed: /)
    expect(err.message).not.toContain('\n')
  })
})

describe('seal key file', () => {
  it('is made once, 0600, and loaded again with the same key', () => {
    const dataDir = fresh()
    const first = loadOrCreateSealKey(dataDir)
    const file = join(dataDir, 'node-seal-key.pem')
    expect(readFileSync(file, 'utf8')).toContain('BEGIN PRIVATE KEY')
    if (posix) expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(readdirSync(dataDir)).toEqual(['node-seal-key.pem'])
    const again = loadOrCreateSealKey(dataDir)
    expect(again.publicKeyB64).toBe(first.publicKeyB64)
    expect(openSealed(seal(Buffer.from('hi'), first.publicKeyB64, AAD), again, AAD).toString()).toBe('hi')
  })

  it('refuses a garbage file with a message naming it, and leaves it untouched', () => {
    const dataDir = fresh()
    const file = join(dataDir, 'node-seal-key.pem')
    for (const garbage of ['not a key at all\n', '-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n']) {
      writeFileSync(file, garbage, { mode: 0o600 })
      const err = thrown(() => loadOrCreateSealKey(dataDir))
      expect(err.code).toBe('E_INTERNAL')
      expect(err.message).toContain(file)
      expect(err.message).toMatch(/Restore the file from a backup, or move it aside/)
      expect(readFileSync(file, 'utf8')).toBe(garbage)
    }
  })
})
