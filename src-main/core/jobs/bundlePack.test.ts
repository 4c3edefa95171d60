import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { bundleDigest, digestBundle, validateBundle } from './bundle'
import { packBundle, unpackBundle } from './bundlePack'
import { makeMnistJob } from './mnistJob'
import { loadMnistModel } from './mnistModel'
import { matmulBundle, values } from './test/bundles'

const now = Date.now()
const b64 = (v: number[]) => Buffer.from(new Float32Array(v).buffer).toString('base64')

function trainBundle() {
  const model = loadMnistModel()
  return {
    version: 1,
    id: randomUUID(),
    kind: 'train',
    sla: { deadline: now + 3600_000 },
    price: { currency: 'DEMO', unit: 'perGpuSecond', microUnits: 10 },
    payload: { model, x: { shape: [3, 784], base64: b64(values(3 * 784, 5)) }, y: { shape: [3, 10], data: values(30, 6) }, steps: 2, learningRate: 0.1, loss: 'meanSquaredError' }
  }
}

function matmulBase64() {
  const b = matmulBundle(now, { n: 5, k: 16, m: 4 })
  return { ...b, payload: { ...b.payload, inputs: { shape: [5, 16], base64: b64(values(80, 9)) }, weights: { shape: [16, 4], base64: b64(values(64, 10)) } } }
}

describe('stored bundles (packed: JSON with the base64 emptied, and the bytes beside it)', () => {
  // The bytes each bundle's base64 fields decode to (JSON numbers stay in the JSON).
  const cases: [string, () => unknown, number][] = [
    ['matmul with base64 tensors', matmulBase64, (80 + 64) * 4],
    ['matmul with JSON numbers', () => matmulBundle(now, { n: 5 }), 0],
    ['inference with the shipped model', () => makeMnistJob({ now, count: 12, canaries: 2, batchSize: 4 }), (12 * 784 + 101_770) * 4],
    ['train with base64 x, JSON y and model weights', trainBundle, (3 * 784 + 101_770) * 4]
  ]
  it.each(cases)('%s: reads back as the very bundle submitted, with the same digest', (_, make, bytes) => {
    const valid = validateBundle(make(), now)
    const packed = packBundle(valid.bundle, valid.decoded)
    expect(packed.data.length).toBe(bytes)
    const back = unpackBundle(packed.skeleton, packed.data)
    expect(back).toEqual(valid.bundle)
    expect(bundleDigest(back)).toBe(digestBundle(valid.bundle).digest)
  })

  it('stores the decoded bytes, a quarter smaller than their base64', () => {
    const valid = validateBundle(matmulBase64(), now)
    const packed = packBundle(valid.bundle, valid.decoded)
    expect(packed.data.length).toBe((80 + 64) * 4)
    expect(packed.skeleton).not.toContain(b64(values(80, 9)).slice(0, 40))
  })

  it('reads rows stored before packing (the bundle JSON alone)', () => {
    const valid = validateBundle(matmulBase64(), now)
    expect(unpackBundle(digestBundle(valid.bundle).canonical, null)).toEqual(valid.bundle)
  })

  it('refuses stored data that was cut short or altered, rather than running something else', () => {
    const valid = validateBundle(matmulBase64(), now)
    const packed = packBundle(valid.bundle, valid.decoded)
    expect(() => unpackBundle(packed.skeleton, packed.data.subarray(0, 100))).toThrow(/missing/)
    expect(() => unpackBundle(packed.skeleton.replace('"packed":2', '"packed":3'), packed.data)).toThrow()
    expect(() => unpackBundle(packed.skeleton.replace('"kind":"matmul"', '"kind":"sort"'), packed.data)).toThrow()
  })
})
