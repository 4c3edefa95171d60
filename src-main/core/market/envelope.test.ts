import { createPublicKey, generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createReplayGuard, MESSAGE_WINDOW_MS, openMessage, signMessage } from './envelope'
import { keySigner } from './marketHost'
import type { Hello } from './protocol'
import { generateSealKey } from './seal'

const node = keySigner(generateKeyPairSync('ed25519').privateKey)
const other = keySigner(generateKeyPairSync('ed25519').privateKey)
const T = 1_800_000_000_000
const hello: Hello = { nodeKey: node.publicKeyPem, sealKey: generateSealKey().publicKeyB64, region: 'eu', backend: 'wasm', gpus: [], bench: null, capacity: 1, version: '0.1.0' }
const known = (id: string) => (id === node.keyId ? createPublicKey(node.publicKeyPem) : null)
const bid = { offerId: '11111111-1111-4111-8111-111111111111', priceMicro: 5, predicted: { runMs: 10, latencyMsP95: 1, throughputPerSec: 100 } }

describe('signed envelopes', () => {
  it('opens a genuine message once and refuses its replay', () => {
    const text = JSON.stringify(signMessage('bid', bid, node, T))
    const guard = createReplayGuard()
    expect(openMessage(text, known, guard, T + 5)).toMatchObject({ ok: true, type: 'bid', from: node.keyId, body: bid })
    expect(openMessage(text, known, guard, T + 10)).toMatchObject({ ok: false, code: 'E_REPLAY' })
  })

  it('introduces a key with hello, but only the key the sender id names', () => {
    const guard = createReplayGuard()
    expect(openMessage(JSON.stringify(signMessage('hello', hello, node, T)), () => null, guard, T)).toMatchObject({ ok: true, type: 'hello' })
    // Another node claiming this node's key: signed by the other key, so the signature check fails.
    const claimed = { ...signMessage('hello', hello, other, T), from: node.keyId }
    expect(openMessage(JSON.stringify(claimed), () => null, guard, T)).toMatchObject({ ok: false, code: 'E_BAD_SIGNATURE' })
    // A hello that names one key id and carries another.
    expect(openMessage(JSON.stringify(signMessage('hello', hello, other, T)), () => null, guard, T)).toMatchObject({ ok: false, code: 'E_BAD_SIGNATURE', reason: expect.stringContaining('carries the key of') })
  })

  it('refuses forged, altered, stale, unknown and malformed messages, each with its reason', () => {
    const guard = createReplayGuard()
    const good = signMessage('bid', bid, node, T)
    const altered = { ...good, body: { ...bid, priceMicro: 1 } }
    expect(openMessage(JSON.stringify(altered), known, guard, T)).toMatchObject({ ok: false, code: 'E_BAD_SIGNATURE' })
    const forged = { ...signMessage('bid', bid, other, T), from: node.keyId }
    expect(openMessage(JSON.stringify(forged), known, guard, T)).toMatchObject({ ok: false, code: 'E_BAD_SIGNATURE' })
    expect(openMessage(JSON.stringify(signMessage('bid', bid, node, T - MESSAGE_WINDOW_MS - 1)), known, guard, T)).toMatchObject({ ok: false, code: 'E_STALE' })
    expect(openMessage(JSON.stringify(signMessage('bid', bid, node, T + MESSAGE_WINDOW_MS + 1)), known, guard, T)).toMatchObject({ ok: false, code: 'E_STALE' })
    expect(openMessage(JSON.stringify(signMessage('bid', bid, other, T)), known, guard, T)).toMatchObject({ ok: false, code: 'E_UNKNOWN_SENDER' })
    expect(openMessage('{not json', known, guard, T)).toMatchObject({ ok: false, code: 'E_BAD_MESSAGE', reason: 'not JSON' })
    expect(openMessage(JSON.stringify({ ...good, v: 2 }), known, guard, T)).toMatchObject({ ok: false, code: 'E_BAD_MESSAGE' })
    expect(openMessage(JSON.stringify({ ...good, type: 'steal' }), known, guard, T)).toMatchObject({ ok: false, code: 'E_BAD_MESSAGE' })
    expect(openMessage(JSON.stringify({ ...good, extra: 1 }), known, guard, T)).toMatchObject({ ok: false, code: 'E_BAD_MESSAGE' })
    const negative = signMessage('bid', { ...bid, priceMicro: -1 }, node, T)
    expect(openMessage(JSON.stringify(negative), known, guard, T)).toMatchObject({ ok: false, code: 'E_BAD_MESSAGE', reason: expect.stringContaining('priceMicro') })
    expect(openMessage(Buffer.alloc(49 * 1024 * 1024, 32), known, guard, T)).toMatchObject({ ok: false, code: 'E_BAD_MESSAGE' })
    // None of the refused messages used up the genuine one's nonce.
    expect(openMessage(JSON.stringify(good), known, guard, T)).toMatchObject({ ok: true })
  })
})
