import { createCipheriv, createDecipheriv, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, randomBytes, type KeyObject } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { IngotError } from '../errors'
import { tightenMode, writeFileAtomic } from '../identity/keyFiles'
import { strictBase64 } from '../jobs/bundle'

/** Job bundles from the market are sealed to one node's key, so only that node can read them. */
export const SEAL_ALG = 'x25519-hkdf-sha256-aes-256-gcm'
/** The largest plaintext a box may carry. */
export const SEAL_MAX_BYTES = 48 * 1024 * 1024

export interface SealedBox {
  v: 1
  alg: typeof SEAL_ALG
  /** The sender's ephemeral X25519 public key: raw 32 bytes, base64. */
  epk: string
  iv: string
  tag: string
  ct: string
}

/**
 * Public keys travel as the raw 32 bytes in standard base64: the JWK `x` member, re-encoded from
 * base64url, so a market in any language can use them without parsing SPKI DER.
 */
export interface SealKey {
  publicKeyB64: string
  privateKey: KeyObject
}

const bytesB64 = (n: number) => z.string().refine((s) => strictBase64(s)?.length === n, `must be ${n} bytes of base64`)

export const sealedBoxSchema: z.ZodType<SealedBox> = z.strictObject({
  v: z.literal(1),
  alg: z.literal(SEAL_ALG),
  epk: bytesB64(32),
  iv: bytesB64(12),
  tag: bytesB64(16),
  // The length bound comes first so a huge string is refused before it is decoded.
  ct: z.string().max(4 * Math.ceil(SEAL_MAX_BYTES / 3), 'is too large').refine((s) => strictBase64(s) !== null, 'must be base64')
})

const INFO = Buffer.from('ingot bundle seal v1')
const rawPublic = (key: KeyObject) => Buffer.from(createPublicKey(key).export({ format: 'jwk' }).x!, 'base64url')
const importPublic = (raw: Buffer) => createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: raw.toString('base64url') }, format: 'jwk' })

/** Binding both public keys into the salt ties the AES key to this sender and this recipient. */
function boxKey(privateKey: KeyObject, peer: KeyObject, epk: Buffer, recipient: Buffer): Buffer {
  const shared = diffieHellman({ privateKey, publicKey: peer })
  return Buffer.from(hkdfSync('sha256', shared, Buffer.concat([epk, recipient]), INFO, 32))
}

export function generateSealKey(): SealKey {
  const { privateKey } = generateKeyPairSync('x25519')
  return { publicKeyB64: rawPublic(privateKey).toString('base64'), privateKey }
}

/** The node's X25519 key, kept beside its signing key. It is never replaced on its own: the market seals to it. */
export function loadOrCreateSealKey(dataDir: string): SealKey {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  const file = join(dataDir, 'node-seal-key.pem')
  if (!existsSync(file)) {
    const key = generateSealKey()
    writeFileAtomic(file, key.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string)
    return key
  }
  let privateKey: KeyObject | null = null
  try {
    tightenMode(file)
    privateKey = createPrivateKey(readFileSync(file))
  } catch {
    // Reported below with the file's name.
  }
  if (privateKey?.asymmetricKeyType !== 'x25519') {
    throw new IngotError(
      'E_INTERNAL',
      `The seal key file ${file} is unreadable or corrupt: it does not hold an X25519 private key. ` +
        'Ingot never replaces it on its own. Restore the file from a backup, or move it aside to have a new key made ' +
        '(jobs already sealed to the old key can then no longer be opened).'
    )
  }
  return { publicKeyB64: rawPublic(privateKey).toString('base64'), privateKey }
}

export function seal(plain: Uint8Array, recipientPublicKeyB64: string, aad: string): SealedBox {
  if (plain.length > SEAL_MAX_BYTES) throw new IngotError('E_TOO_LARGE', `A sealed bundle holds at most ${SEAL_MAX_BYTES} bytes.`)
  const recipient = strictBase64(recipientPublicKeyB64)
  if (recipient?.length !== 32) throw new IngotError('E_BAD_INPUT', 'The recipient seal key must be 32 bytes of base64.')
  // A fresh ephemeral key per box: two boxes never share an AES key, so a random iv cannot repeat under one.
  const eph = generateKeyPairSync('x25519').privateKey
  const epk = rawPublic(eph)
  let key: Buffer
  try {
    key = boxKey(eph, importPublic(recipient), epk, recipient)
  } catch {
    throw new IngotError('E_BAD_INPUT', 'The recipient seal key is not a usable X25519 public key.')
  }
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(aad))
  const ct = Buffer.concat([cipher.update(plain), cipher.final()])
  const b64 = (b: Buffer) => b.toString('base64')
  return { v: 1, alg: SEAL_ALG, epk: b64(epk), iv: b64(iv), tag: b64(cipher.getAuthTag()), ct: b64(ct) }
}

export function openSealed(box: unknown, key: SealKey, aad: string): Buffer {
  const parsed = sealedBoxSchema.safeParse(box)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw new IngotError('E_BAD_INPUT', `The sealed bundle is malformed: ${issue.path.join('.') || 'box'} ${issue.message}.`)
  }
  const { epk, iv, tag, ct } = parsed.data
  const raw = (s: string) => Buffer.from(s, 'base64')
  try {
    const aesKey = boxKey(key.privateKey, importPublic(raw(epk)), raw(epk), raw(key.publicKeyB64))
    const decipher = createDecipheriv('aes-256-gcm', aesKey, raw(iv)).setAAD(Buffer.from(aad)).setAuthTag(raw(tag))
    return Buffer.concat([decipher.update(raw(ct)), decipher.final()])
  } catch {
    throw new IngotError('E_BAD_INPUT', 'The sealed bundle cannot be opened: it was sealed to another key, for another purpose, or altered on the way.')
  }
}
