// A market participant for engine tests that needs no compute runner: it computes matmul jobs in
// plain JS (real products, from the sealed bundle it was awarded), measures nothing but reports
// plausible metrics, and signs real receipts. Modes make it misbehave in the ways a market must catch.
import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { sha256Hex } from '../../identity/canonicalJson'
import type { NodeKey } from '../../identity/nodeKey'
import { signReceipt } from '../../identity/receipt'
import { parseBundle } from '../../jobs/bundle'
import { createReplayGuard, openMessage, signMessage } from '../envelope'
import type { Link } from '../link'
import { keySigner } from '../marketHost'
import type { Body, Hello, MessageType } from '../protocol'
import { generateSealKey, openSealed } from '../seal'

export type SimMode = 'honest' | 'wrong' | 'silent' | 'badsig'

export function simNode(o: { now: () => number; priceMicro: number; mode?: SimMode; runMs?: number; region?: string; claimComputeMs?: number }) {
  const signer = keySigner(generateKeyPairSync('ed25519').privateKey)
  const impostor = keySigner(generateKeyPairSync('ed25519').privateKey)
  const sealKey = generateSealKey()
  const guard = createReplayGuard()
  const got: { type: MessageType; body: unknown }[] = []
  let link: Link | null = null
  let market: { id: string; key: KeyObject } | null = null
  const mode = { current: o.mode ?? 'honest' }
  const send = <T extends MessageType>(type: T, body: Body<T>) => link?.send(JSON.stringify(signMessage(type, body, signer, o.now())))
  const hello: Hello = { nodeKey: signer.publicKeyPem, sealKey: sealKey.publicKeyB64, region: o.region ?? 'any', backend: 'cpu', gpus: [], bench: null, capacity: 1, version: 'sim' }

  function run(award: Body<'award'>): void {
    if (mode.current === 'silent') return
    const text = openSealed(award.sealed, sealKey, award.jobId).toString('utf8')
    const p = parseBundle(JSON.parse(text), o.now())
    if (p.bundle.kind !== 'matmul') throw new Error('simNode computes matmul jobs only')
    const x = p.decoded.inputs
    const w = p.decoded.weights!
    const [n, k] = x.shape as [number, number]
    const m = w.shape[1]!
    const out = new Float32Array(n * m)
    for (let i = 0; i < n; i++) for (let q = 0; q < k; q++) for (let j = 0; j < m; j++) out[i * m + j] = out[i * m + j]! + x.values[i * k + q]! * w.values[q * m + j]!
    if (mode.current === 'wrong') out.forEach((v, i) => (out[i] = v + 1))
    const bytes = Buffer.from(out.buffer)
    const t = o.now()
    const runMs = o.runMs ?? 10
    const metrics = { items: n, batches: 1, latencyMsP50: runMs, latencyMsP95: runMs, latencyMsMax: runMs, throughputPerSec: (n * 1000) / runMs, canaryAccuracy: null, canaries: 0, startDelayMs: 0, durationMs: runMs, computeMs: o.claimComputeMs ?? runMs, lossCurve: null }
    const receipt = { v: 1 as const, jobId: award.jobId, bundleDigest: p.digest, outputDigest: sha256Hex(bytes), metrics, verdict: { met: true, bounds: [] }, backend: 'cpu', gpuUuid: null, startedAt: t, endedAt: t, nodeKeyId: signer.keyId }
    // signReceipt uses only sign() and publicKeyPem; 'badsig' signs with another key but claims this one.
    const by = mode.current === 'badsig' ? { sign: impostor.sign, publicKeyPem: signer.publicKeyPem } : signer
    const signed = signReceipt(receipt, by as unknown as NodeKey)
    send('result', { jobId: award.jobId, receipt: signed, outputsBase64: bytes.toString('base64'), outputSize: m })
  }

  return {
    id: signer.keyId,
    signer,
    got,
    mode,
    connect(l: Link): void {
      link = l
      l.onMessage((text) => {
        const parsed = openMessage(text, (id) => (id === market?.id ? market.key : null), guard, o.now())
        if (!parsed.ok) throw new Error(`simNode got a bad message: ${parsed.reason}`)
        if (parsed.type === 'welcome') market = { id: parsed.from, key: createPublicKey(parsed.body.marketKey) }
        got.push({ type: parsed.type, body: parsed.body })
        if (parsed.type === 'offer') {
          const offer = parsed.body as Body<'offer'>
          send('bid', { offerId: offer.offerId, priceMicro: o.priceMicro, predicted: { runMs: o.runMs ?? 10, latencyMsP95: 1, throughputPerSec: 1e6 } })
        }
        if (parsed.type === 'award') run(parsed.body as Body<'award'>)
      })
      send('hello', hello)
    },
    send,
    /** Computes an award (again) and sends its result, as a node back from being away would. */
    run,
    /** A genuine signed frame, for replay tests. */
    frame: <T extends MessageType>(type: T, body: Body<T>) => JSON.stringify(signMessage(type, body, signer, o.now())),
    of: <T extends MessageType>(type: T) => got.filter((g) => g.type === type).map((g) => g.body as Body<T>)
  }
}
