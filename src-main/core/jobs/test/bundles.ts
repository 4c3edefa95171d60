import { randomUUID } from 'node:crypto'
import { loadMnistModel } from '../mnistModel'

/** Deterministic pseudo-random values in [-1, 1) (xorshift), so tests can recompute them. */
export function values(n: number, seed: number): number[] {
  let s = seed >>> 0 || 1
  return Array.from({ length: n }, () => {
    s ^= s << 13
    s >>>= 0
    s ^= s >>> 17
    s ^= s << 5
    s >>>= 0
    return (s / 2 ** 32) * 2 - 1
  })
}

/** Row-major x [n, k] · w [k, m], in plain JS: the reference the node's output is checked against. */
export function matmulRef(x: number[], w: number[], n: number, k: number, m: number): number[] {
  const out = new Array<number>(n * m).fill(0)
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) for (let t = 0; t < k; t++) out[i * m + j]! += x[i * k + t]! * w[t * m + j]!
  return out
}

/** A small valid matmul job; canaries' expected rows come from the JS reference (or are wrong on purpose). */
export function matmulBundle(now: number, o: { n?: number; k?: number; m?: number; canaries?: number; wrongCanaries?: boolean; seed?: number; sla?: Record<string, number>; batchSize?: number; price?: Record<string, unknown> } = {}) {
  const n = o.n ?? 8
  const k = o.k ?? 16
  const m = o.m ?? 4
  const seed = o.seed ?? 7
  const x = values(n * k, seed)
  const w = values(k * m, seed + 1)
  const canaryCount = o.canaries ?? 3
  const canaries = Array.from({ length: canaryCount }, (_, c) => {
    const input = values(k, seed + 100 + c)
    const expected = matmulRef(input, w, 1, k, m).map((v) => (o.wrongCanaries ? v + 1 : v))
    return { input, expected, tolerance: 1e-3 }
  })
  return {
    version: 1,
    id: randomUUID(),
    kind: 'matmul',
    sla: { deadline: now + 3600_000, minAccuracy: canaryCount ? 1 : undefined, ...o.sla },
    price: { currency: 'DEMO', unit: 'per1kItems', microUnits: 1_000_000, ...o.price },
    canaries,
    payload: { weights: { shape: [k, m], data: w }, inputs: { shape: [n, k], data: x }, batchSize: o.batchSize ?? 4 }
  }
}

/** A job of many one-row batches (n × 64 · 64 × 64): long enough to pause, time out or kill mid-run. */
export function longMatmulBundle(now: number, n: number, seed = 3) {
  const b = matmulBundle(now, { n: 2, k: 64, m: 64, canaries: 0, batchSize: 1, seed })
  b.payload.inputs = { shape: [n, 64], base64: Buffer.from(new Float32Array(values(n * 64, seed)).buffer).toString('base64') } as never
  return b
}

/**
 * A training job of `steps` SGD steps of the shipped MNIST network on 32 digits-shaped rows: seconds
 * of compute from a bundle of half a megabyte, however fast the pipeline around it gets.
 */
export function longTrainBundle(now: number, steps: number, seed = 5) {
  const x = new Float32Array(values(32 * 784, seed).map((v) => (v + 1) / 2))
  const y = new Float32Array(32 * 10)
  for (let i = 0; i < 32; i++) y[i * 10 + (i % 10)] = 1
  return {
    version: 1,
    id: randomUUID(),
    kind: 'train' as const,
    sla: { deadline: now + 3600_000 },
    price: { currency: 'DEMO', unit: 'perGpuSecond' as const, microUnits: 1000 },
    canaries: [],
    payload: {
      model: loadMnistModel(),
      x: { shape: [32, 784], base64: Buffer.from(x.buffer).toString('base64') },
      y: { shape: [32, 10], base64: Buffer.from(y.buffer).toString('base64') },
      steps,
      batchSize: 32,
      learningRate: 0.01,
      loss: 'categoricalCrossentropy'
    }
  }
}
