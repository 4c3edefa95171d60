import { createPublicKey, type KeyObject } from 'node:crypto'
import { sha256Hex } from './canonicalJson'

/**
 * A node's key id: the first 16 hex chars (64 bits) of SHA-256 over the raw 32-byte Ed25519 public
 * key. It names the key for people and logs; trust always rests on the full public key, which
 * every signed receipt carries.
 */
export function keyIdOf(publicKey: KeyObject | string): string {
  const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey
  const x = key.export({ format: 'jwk' }).x
  if (key.asymmetricKeyType !== 'ed25519' || !x) throw new TypeError('not an Ed25519 public key')
  return sha256Hex(Buffer.from(x, 'base64url')).slice(0, 16)
}
