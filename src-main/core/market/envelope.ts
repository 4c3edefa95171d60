import { randomBytes, verify, type KeyObject } from 'node:crypto'
import { canonicalJson } from '../identity/canonicalJson'
import { keyIdOf } from '../identity/keyId'
import { ed25519Key } from '../identity/receipt'
import { bodySchemas, envelopeSchema, MARKET_PROTOCOL, MESSAGE_MAX_BYTES, type Body, type Envelope, type MessageType } from './protocol'

/** Who signs: a node key or the market's key. */
export interface Signer {
  keyId: string
  sign(data: string): string
}

/** How far a message's clock may be from ours; older or newer messages are refused. */
export const MESSAGE_WINDOW_MS = 60_000

const signedPart = (e: Omit<Envelope, 'sig'>) => canonicalJson({ v: e.v, type: e.type, from: e.from, nonce: e.nonce, ts: e.ts, body: e.body })

export function signMessage<T extends MessageType>(type: T, body: Body<T>, signer: Signer, now: number): Envelope {
  const e = { v: MARKET_PROTOCOL as typeof MARKET_PROTOCOL, type, from: signer.keyId, nonce: randomBytes(16).toString('hex'), ts: now, body }
  return { ...e, sig: signer.sign(signedPart(e)) }
}

/** Remembers nonces for as long as their messages could still pass the time check. */
export function createReplayGuard(windowMs = MESSAGE_WINDOW_MS) {
  const seen = new Map<string, number>()
  let prunedAt = 0
  return {
    /** True the first time a nonce is seen within the window. */
    fresh(from: string, nonce: string, ts: number, now: number): boolean {
      // Expired nonces go at most once a second: pruning on every message would cost O(n) each.
      if (now - prunedAt > 1000) {
        prunedAt = now
        for (const [k, until] of seen) if (until < now) seen.delete(k)
      }
      const key = `${from}:${nonce}`
      if (seen.has(key)) return false
      seen.set(key, ts + 2 * windowMs)
      return true
    }
  }
}
export type ReplayGuard = ReturnType<typeof createReplayGuard>

export type Opened = { [T in MessageType]: { ok: true; type: T; from: string; body: Body<T>; nonce: string; ts: number } }[MessageType]
export type Rejected = { ok: false; code: 'E_BAD_MESSAGE' | 'E_BAD_SIGNATURE' | 'E_REPLAY' | 'E_STALE' | 'E_UNKNOWN_SENDER'; reason: string }

const issue = (e: { issues: { path: PropertyKey[]; message: string }[] }) => {
  const i = e.issues[0]
  return i ? `${i.path.length ? i.path.map(String).join('.') : '(root)'}: ${i.message}` : 'invalid'
}

/**
 * Checks one message from the wire: size, shape, time window, signature (by the sender's known key,
 * or — for hello and welcome, which introduce a key — by the key they carry, which must be the one
 * `from` names), then the nonce. Never throws: a bad message is a Rejected with its reason.
 */
export function openMessage(raw: string | Buffer, keyOf: (keyId: string) => KeyObject | null, guard: ReplayGuard, now: number): Opened | Rejected {
  if (raw.length > MESSAGE_MAX_BYTES) return { ok: false, code: 'E_BAD_MESSAGE', reason: `message of ${raw.length} bytes is over the ${MESSAGE_MAX_BYTES}-byte limit` }
  let json: unknown
  try {
    json = JSON.parse(typeof raw === 'string' ? raw : raw.toString('utf8'))
  } catch {
    return { ok: false, code: 'E_BAD_MESSAGE', reason: 'not JSON' }
  }
  const env = envelopeSchema.safeParse(json)
  if (!env.success) return { ok: false, code: 'E_BAD_MESSAGE', reason: `envelope ${issue(env.error)}` }
  const e = env.data
  const body = bodySchemas[e.type].safeParse(e.body)
  if (!body.success) return { ok: false, code: 'E_BAD_MESSAGE', reason: `${e.type} ${issue(body.error)}` }
  if (Math.abs(e.ts - now) > MESSAGE_WINDOW_MS) return { ok: false, code: 'E_STALE', reason: `timestamp is ${Math.round((now - e.ts) / 1000)} s from this clock (more than ${MESSAGE_WINDOW_MS / 1000} s)` }
  const b = body.data as Record<string, unknown>
  const introduced = e.type === 'hello' ? (b.nodeKey as string) : e.type === 'welcome' ? (b.marketKey as string) : null
  let key: KeyObject | null
  if (introduced !== null) {
    key = ed25519Key(introduced)
    if (!key) return { ok: false, code: 'E_BAD_MESSAGE', reason: `${e.type} carries no Ed25519 public key` }
    if (keyIdOf(key) !== e.from) return { ok: false, code: 'E_BAD_SIGNATURE', reason: `${e.type} from ${e.from} carries the key of ${keyIdOf(key)}` }
  } else {
    key = keyOf(e.from)
    if (!key) return { ok: false, code: 'E_UNKNOWN_SENDER', reason: `no key known for ${e.from}: say hello first` }
  }
  let genuine = false
  try {
    genuine = verify(null, Buffer.from(signedPart(e)), key, Buffer.from(e.sig, 'base64'))
  } catch {
    // A signature of the wrong length: not genuine.
  }
  if (!genuine) return { ok: false, code: 'E_BAD_SIGNATURE', reason: `${e.type} signature does not match: altered, or not signed by ${e.from}` }
  // Only a genuine message may use up a nonce, or a forger could block a real one in advance.
  if (!guard.fresh(e.from, e.nonce, e.ts, now)) return { ok: false, code: 'E_REPLAY', reason: `${e.type} ${e.nonce} was already received` }
  return { ok: true, type: e.type, from: e.from, body: body.data, nonce: e.nonce, ts: e.ts } as Opened
}
