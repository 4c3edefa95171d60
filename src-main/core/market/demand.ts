import { randomUUID } from 'node:crypto'
import { makeMnistJob } from '../jobs/mnistJob'
import type { BuyerOrder } from './engine'

/** A seeded generator (mulberry32): the same seed gives the same demand, for tests and benchmarks. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const between = (rng: () => number, lo: number, hi: number) => lo + (hi - lo) * rng()
const whole = (rng: () => number, lo: number, hi: number) => Math.floor(between(rng, lo, hi + 1))

/**
 * Offers per minute by local hour (docs/PROTOCOL.md, "Demo demand"): quiet at night, a daytime
 * plateau and an evening peak — the shape buyers' batch traffic has on public GPU markets.
 */
export function offersPerMinute(hour: number): number {
  if (hour < 6) return 4
  if (hour < 17) return 8
  if (hour < 23) return 12
  return 6
}

/** Seconds until the next demo offer: exponential gaps (a Poisson process) at the hour's rate. */
export function nextGapMs(hour: number, rng: () => number): number {
  const rate = offersPerMinute(hour) / 60_000
  return Math.min(60_000, -Math.log(1 - rng()) / rate)
}

/** Row-major product of x [n×k] and w [k×m] in float32, the reference a canary's answer comes from. */
function matmul(x: Float32Array, w: Float32Array, n: number, k: number, m: number): Float32Array {
  const out = new Float32Array(n * m)
  for (let i = 0; i < n; i++) for (let p = 0; p < k; p++) {
    const xv = x[i * k + p]!
    for (let j = 0; j < m; j++) out[i * m + j] = out[i * m + j]! + xv * w[p * m + j]!
  }
  return out
}

const b64 = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64')

/**
 * One demo buyer's order. The mix: 70 % MNIST digit classification with the shipped model (real
 * held-out digits, canaries answered by their true labels), 30 % dense matmul (canaries answered by
 * the float32 reference above). Prices and bounds are drawn from ranges a wasm CPU node can meet at
 * some prices and not at others, so the bidding policy has real choices to make.
 */
export function demoOrder(now: number, rng: () => number): BuyerOrder {
  const deadlineInMs = whole(rng, 2, 10) * 60_000
  if (rng() < 0.7) {
    const count = whole(rng, 2, 16) * 32
    const tight = rng() < 0.4
    const bundle = makeMnistJob({
      now,
      count,
      offset: whole(rng, 0, 1500),
      canaries: whole(rng, 10, 20),
      batchSize: 32,
      priceMicroPer1k: whole(rng, 10, 120) * 1000,
      // The shipped model is right on ~97 % of held-out digits: 0.8 leaves room for chance on a few canaries.
      minAccuracy: 0.8,
      deadlineInMs,
      ...(tight ? { maxLatencyMsP95: whole(rng, 2, 40) } : {})
    })
    return { bundle, title: `MNIST digits, ${count} images${tight ? `, p95 ≤ ${bundle.sla.maxLatencyMsP95} ms` : ''}` }
  }
  const n = whole(rng, 1, 8) * 64
  const k = 256
  const m = 128
  const w = Float32Array.from({ length: k * m }, () => between(rng, -1, 1))
  const x = Float32Array.from({ length: n * k }, () => between(rng, -1, 1))
  const canaryInputs = Array.from({ length: 4 }, () => Float32Array.from({ length: k }, () => between(rng, -1, 1)))
  const bundle = {
    version: 1,
    id: randomUUID(),
    kind: 'matmul',
    createdAt: now,
    region: 'any',
    sla: { deadline: now + deadlineInMs, minAccuracy: 1 },
    price: { currency: 'DEMO', unit: 'per1kItems', microUnits: whole(rng, 5, 60) * 1000 },
    canaries: canaryInputs.map((input) => ({ input: Array.from(input), expected: Array.from(matmul(input, w, 1, k, m)), tolerance: 1e-3 })),
    payload: { weights: { shape: [k, m], base64: b64(w) }, inputs: { shape: [n, k], base64: b64(x) }, batchSize: 64 }
  }
  return { bundle, title: `matmul ${n}×${k} · ${k}×${m}` }
}
