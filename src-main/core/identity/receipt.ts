import { createPublicKey, verify, type KeyObject } from 'node:crypto'
import { z } from 'zod'
import type { Receipt, SignedReceipt } from '../../../src-preload/jobTypes'
import { canonicalJson } from './canonicalJson'
import { keyIdOf } from './keyId'
import type { NodeKey } from './nodeKey'

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 hex digest')
const count = z.number().int().min(0)
const time = z.number().int().min(0)
const num = z.number()

const metricsSchema = z
  .object({
    items: count,
    batches: count,
    latencyMsP50: num,
    latencyMsP95: num,
    latencyMsMax: num,
    throughputPerSec: num,
    canaryAccuracy: num.nullable(),
    canaries: count,
    startDelayMs: num,
    durationMs: num,
    computeMs: num,
    lossCurve: z.array(num.nullable()).max(100_000).nullable()
  })
  .strict()

const verdictSchema = z
  .object({
    met: z.boolean(),
    bounds: z
      .array(
        z
          .object({
            bound: z.enum(['latencyP95', 'throughput', 'accuracy', 'deadline']),
            limit: num,
            measured: num.nullable(),
            met: z.boolean(),
            reason: z.string().max(1000)
          })
          .strict()
      )
      .max(10)
  })
  .strict()

const receiptSchema = z
  .object({
    v: z.literal(1),
    jobId: z.string().min(1).max(200),
    bundleDigest: hex64,
    outputDigest: hex64,
    metrics: metricsSchema,
    verdict: verdictSchema,
    backend: z.string().max(100),
    gpuUuid: z.string().max(200).nullable(),
    startedAt: time,
    endedAt: time,
    nodeKeyId: z.string().regex(/^[0-9a-f]{16}$/, 'must be 16 hex chars')
  })
  .strict()

/**
 * A signed receipt as it travels. Strict: an unknown field is refused rather than dropped, since
 * a dropped field would silently change what the signature is checked over.
 */
export const signedReceiptSchema = z
  .object({
    receipt: receiptSchema,
    signature: z.string().max(200).regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be base64'),
    publicKey: z.string().max(2000)
  })
  .strict()

// Keeps the schema and the public type from drifting apart.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never
const _schemaMatchesType: Same<z.infer<typeof signedReceiptSchema>, SignedReceipt> = true

/** The node signs the receipt's canonical JSON, so any party can check it byte for byte. */
export function signReceipt(receipt: Receipt, key: NodeKey): SignedReceipt {
  return { receipt, signature: key.sign(canonicalJson(receipt)), publicKey: key.publicKeyPem }
}

export interface ReceiptCheck {
  valid: boolean
  reason: string | null
}

/**
 * Checks a receipt from anywhere, including untrusted nodes: its shape, its signature by the
 * embedded key, that its nodeKeyId names that key, and, given one, that the key is the expected
 * one. Never throws; a bad receipt gives valid: false and the reason.
 */
export function verifyReceipt(signed: unknown, expectedPublicKey?: string): ReceiptCheck {
  const parsed = signedReceiptSchema.safeParse(signed)
  if (!parsed.success) return bad(`malformed receipt: ${firstIssue(parsed.error)}`)
  const { receipt, signature, publicKey } = parsed.data
  const key = ed25519Key(publicKey)
  if (!key) return bad('publicKey is not an Ed25519 public key in SPKI PEM')
  let genuine = false
  try {
    genuine = verify(null, Buffer.from(canonicalJson(receipt)), key, Buffer.from(signature, 'base64'))
  } catch {
    // A signature of the wrong length: not valid.
  }
  if (!genuine) return bad('signature does not match the receipt: it was altered or signed by another key')
  if (receipt.nodeKeyId !== keyIdOf(key)) return bad(`nodeKeyId ${receipt.nodeKeyId} does not name the key that signed the receipt (${keyIdOf(key)})`)
  if (expectedPublicKey !== undefined) {
    const expected = ed25519Key(expectedPublicKey)
    if (!expected) return bad('the expected public key is not an Ed25519 public key in SPKI PEM')
    if (!spki(expected).equals(spki(key))) return bad(`signed by key ${keyIdOf(key)}, not by the expected key ${keyIdOf(expected)}`)
  }
  return { valid: true, reason: null }
}

const bad = (reason: string): ReceiptCheck => ({ valid: false, reason })

const spki = (key: KeyObject) => key.export({ type: 'spki', format: 'der' })

/** An Ed25519 public key from SPKI PEM, or null for anything else. */
export function ed25519Key(pem: string): KeyObject | null {
  // createPublicKey would also take a private key and derive its public half: only a public key is asked for.
  if (!pem.trimStart().startsWith('-----BEGIN PUBLIC KEY-----')) return null
  try {
    const key = createPublicKey(pem)
    return key.asymmetricKeyType === 'ed25519' ? key : null
  } catch {
    return null
  }
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0]
  if (!issue) return 'invalid'
  const path = issue.path.length ? issue.path.map(String).join('.') : '(root)'
  return `${path}: ${issue.message}`
}
