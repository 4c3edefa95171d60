import { readFileSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import type { Receipt } from '../../../src-preload/jobTypes'
import { manualClock, tempDir } from '../test/tempCore'
import { canonicalJson, sha256Hex } from './canonicalJson'
import { loadOrCreateNodeKey, nodeKeyFiles } from './nodeKey'
import { signReceipt, verifyReceipt } from './receipt'

const dirs = [tempDir(), tempDir()]
afterAll(() => dirs.forEach((d) => d.remove()))
const key = loadOrCreateNodeKey({ dataDir: dirs[0]!.dir, clock: manualClock() })
const otherKey = loadOrCreateNodeKey({ dataDir: dirs[1]!.dir, clock: manualClock() })

const receipt: Receipt = {
  v: 1,
  jobId: '6f1c2a6e-3b0e-4a57-9a55-2f6a8e0f4b11',
  bundleDigest: sha256Hex('bundle'),
  outputDigest: sha256Hex('output'),
  metrics: {
    items: 1000,
    batches: 8,
    latencyMsP50: 12.5,
    latencyMsP95: 20.25,
    latencyMsMax: 31,
    throughputPerSec: 4100.7,
    canaryAccuracy: 1,
    canaries: 16,
    startDelayMs: 40,
    durationMs: 250,
    computeMs: 201,
    lossCurve: null
  },
  verdict: { met: true, bounds: [{ bound: 'latencyP95', limit: 50, measured: 20.25, met: true, reason: 'p95 latency 20.3 ms ≤ 50 ms' }] },
  backend: 'tensorflow',
  gpuUuid: null,
  startedAt: 1_700_000_000_000,
  endedAt: 1_700_000_000_250,
  nodeKeyId: key.identity().keyId
}

describe('receipts', () => {
  it('round-trips: signed over the canonical JSON, verified with the embedded and the expected key', () => {
    const signed = signReceipt(receipt, key)
    expect(signed.publicKey).toBe(key.publicKeyPem)
    expect(signed.signature).toBe(key.sign(canonicalJson(receipt)))
    expect(verifyReceipt(signed)).toEqual({ valid: true, reason: null })
    expect(verifyReceipt(signed, key.publicKeyPem)).toEqual({ valid: true, reason: null })
    // As it arrives over the wire.
    expect(verifyReceipt(JSON.parse(JSON.stringify(signed)), key.publicKeyPem).valid).toBe(true)
    // Key order does not matter: the signature covers the canonical form.
    const reordered = { publicKey: signed.publicKey, signature: signed.signature, receipt: Object.fromEntries(Object.entries(receipt).reverse()) }
    expect(verifyReceipt(reordered).valid).toBe(true)
  })

  it('finds tampered metrics, digests and verdicts', () => {
    const signed = signReceipt(receipt, key)
    const tampered = [
      { ...signed, receipt: { ...receipt, metrics: { ...receipt.metrics, latencyMsP95: 19 } } },
      { ...signed, receipt: { ...receipt, outputDigest: sha256Hex('other output') } },
      { ...signed, receipt: { ...receipt, verdict: { ...receipt.verdict, met: false } } }
    ]
    for (const t of tampered) expect(verifyReceipt(t)).toEqual({ valid: false, reason: expect.stringMatching(/signature does not match/) })
  })

  it('refuses a receipt signed by another key than expected, or whose key id names another key', () => {
    const byOther = signReceipt({ ...receipt, nodeKeyId: otherKey.identity().keyId }, otherKey)
    expect(verifyReceipt(byOther).valid).toBe(true)
    expect(verifyReceipt(byOther, key.publicKeyPem).reason).toMatch(/not by the expected key/)
    const claimsFirst = signReceipt(receipt, otherKey)
    expect(verifyReceipt(claimsFirst).reason).toMatch(/nodeKeyId .* does not name the key/)
    // The key swapped in after signing breaks the signature.
    expect(verifyReceipt({ ...signReceipt(receipt, key), publicKey: otherKey.publicKeyPem }).reason).toMatch(/signature does not match/)
    expect(verifyReceipt(signReceipt(receipt, key), 'not a key').reason).toMatch(/expected public key is not/)
  })

  it('answers garbage with valid: false and a reason, never an exception', () => {
    const signed = signReceipt(receipt, key)
    const { signature: _signature, ...noSignature } = signed
    const garbage: unknown[] = [
      null,
      undefined,
      'a receipt',
      42,
      [],
      {},
      noSignature,
      { ...signed, extra: 1 },
      { ...signed, signature: 'not base64!' },
      { ...signed, signature: Buffer.alloc(10).toString('base64') },
      { ...signed, publicKey: 'not a key' },
      { ...signed, publicKey: '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n' },
      { ...signed, receipt: { ...receipt, v: 2 } },
      { ...signed, receipt: { ...receipt, metrics: { ...receipt.metrics, items: '1000' } } },
      { ...signed, receipt: { ...receipt, metrics: { ...receipt.metrics, lossCurve: [Infinity] } } },
      { ...signed, receipt: { ...receipt, bundleDigest: 'abc' } },
      { ...signed, receipt: { ...receipt, startedAt: undefined } },
      { ...signed, receipt: { ...receipt, hidden: true } }
    ]
    for (const g of garbage) {
      const result = verifyReceipt(g)
      expect(result.valid, JSON.stringify(g)).toBe(false)
      expect(result.reason).toEqual(expect.any(String))
    }
    expect(verifyReceipt({ ...signed, receipt: { ...receipt, metrics: { ...receipt.metrics, items: '1000' } } }).reason).toMatch(/^malformed receipt: receipt\.metrics\.items: /)
  })

  it('does not take a private key where a public key belongs', () => {
    const signed = signReceipt(receipt, key)
    const privatePem = readFileSync(nodeKeyFiles(dirs[0]!.dir).pem, 'utf8')
    expect(verifyReceipt({ ...signed, publicKey: privatePem }).reason).toMatch(/publicKey is not/)
  })
})
