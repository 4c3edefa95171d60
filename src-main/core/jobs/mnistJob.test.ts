import '@tensorflow/tfjs-backend-cpu'
import * as tf from '@tensorflow/tfjs-core'
import * as tfl from '@tensorflow/tfjs-layers'
import { beforeAll, describe, expect, it } from 'vitest'
import { parseBundle } from './bundle'
import { makeMnistJob, mnistJobIndices, mnistLabelsFor } from './mnistJob'
import { loadMnistModel, loadMnistTestSet } from './mnistModel'

const now = 1_700_000_000_000
const test = loadMnistTestSet()

function decodeFloats(base64: string): Float32Array {
  const bytes = Buffer.from(base64, 'base64')
  const values = new Float32Array(bytes.length / 4)
  for (let i = 0; i < values.length; i++) values[i] = bytes.readFloatLE(i * 4)
  return values
}

const argMax = (row: ArrayLike<number>): number => {
  let best = 0
  for (let i = 1; i < row.length; i++) if (row[i]! > row[best]!) best = i
  return best
}

describe('makeMnistJob', () => {
  it('writes a bundle that parseBundle accepts, with the defaults', () => {
    const raw = makeMnistJob({ now })
    const parsed = parseBundle(raw, now)
    expect(parsed.items).toBe(200)
    expect(parsed.itemShape).toEqual([784])
    const { bundle } = parsed
    expect(bundle.kind).toBe('inference')
    expect(bundle.canaries).toHaveLength(20)
    expect(bundle.sla).toEqual({ deadline: now + 3_600_000, minAccuracy: 0.9 })
    expect(bundle.price).toEqual({ currency: 'DEMO', unit: 'per1kItems', microUnits: 50_000 })
    if (bundle.kind !== 'inference') throw new Error('not inference')
    expect(bundle.payload.batchSize).toBe(32)
    expect(bundle.payload.model.format).toBe('tfjs-layers')
  })

  it('carries the chosen options into the SLA and price', () => {
    const raw = makeMnistJob({ now, count: 50, offset: 100, batchSize: 8, canaries: 5, priceMicroPer1k: 7, currency: 'USD', maxLatencyMsP95: 250, minThroughputPerSec: 40, minAccuracy: 0.8, deadlineInMs: 60_000 })
    const { bundle, items } = parseBundle(raw, now)
    expect(items).toBe(50)
    expect(bundle.canaries).toHaveLength(5)
    expect(bundle.sla).toEqual({ deadline: now + 60_000, minAccuracy: 0.8, maxLatencyMsP95: 250, minThroughputPerSec: 40 })
    expect(bundle.price).toEqual({ currency: 'USD', unit: 'per1kItems', microUnits: 7 })
  })

  it('without canaries sets no accuracy bound, and refuses one asked for', () => {
    expect(parseBundle(makeMnistJob({ now, canaries: 0 }), now).bundle.sla.minAccuracy).toBeUndefined()
    expect(() => makeMnistJob({ now, canaries: 0, minAccuracy: 0.9 })).toThrow(/canaries/)
  })

  it('sends the test digits at offset as pixels / 255, and their true labels', () => {
    const job = makeMnistJob({ now, count: 30, offset: 500 })
    expect(job.payload.inputs.shape).toEqual([30, 784])
    const inputs = decodeFloats(job.payload.inputs.base64)
    expect(inputs).toHaveLength(30 * 784)
    for (let j = 0; j < 30 * 784; j++) expect(inputs[j]).toBe(Math.fround(test.images[500 * 784 + j]! / 255))
    const labels = mnistLabelsFor(30, 500)
    expect(labels).toEqual(Array.from(test.labels.subarray(500, 530)))
    // The stored order interleaves classes, so even a short run holds every digit.
    expect(new Set(labels).size).toBe(10)
  })

  it('takes canaries from digits that are not items, answered with their true labels', () => {
    const count = 100
    const offset = test.count - 110
    const { items, canaries } = mnistJobIndices(count, offset, 20)
    expect(items).toHaveLength(count)
    expect(canaries).toHaveLength(20)
    expect(canaries.filter((c) => items.includes(c))).toEqual([])
    expect(new Set(canaries).size).toBe(20)

    const job = makeMnistJob({ now, count, offset, canaries: 20 })
    job.canaries.forEach((c, k) => {
      const index = canaries[k]!
      expect(c.input).toEqual(Array.from(test.images.subarray(index * 784, (index + 1) * 784), (p) => p / 255))
      expect(c.expected).toEqual(Array.from({ length: 10 }, (_, d) => (d === test.labels[index] ? 1 : 0)))
      expect(c.tolerance).toBe(0.5)
    })
  })

  it('refuses jobs the test set cannot fill', () => {
    expect(() => makeMnistJob({ now, count: test.count - 10, canaries: 20 })).toThrow(/distinct digits/)
    expect(() => makeMnistJob({ now, count: 100, offset: test.count - 50 })).toThrow(/run past/)
    expect(() => makeMnistJob({ now, count: 0 })).toThrow(/count/)
    expect(() => mnistLabelsFor(10, test.count)).toThrow(/run past/)
  })
})

describe('the shipped model on a job', () => {
  let model: tfl.LayersModel

  beforeAll(async () => {
    await tf.setBackend('cpu')
    const spec = loadMnistModel()
    const weights = Buffer.from(spec.weightsBase64, 'base64')
    const weightData = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer
    model = await tfl.loadLayersModel(tf.io.fromMemory({ modelTopology: spec.modelTopology, weightSpecs: spec.weightSpecs, weightData }))
    return () => model.dispose()
  })

  const predict = async (values: Float32Array, n: number): Promise<Float32Array> => {
    const out = tf.tidy(() => model.predict(tf.tensor2d(values, [n, 784])) as tf.Tensor)
    const data = (await out.data()) as Float32Array
    out.dispose()
    return data
  }

  it('classifies the default job’s items right against the true labels', async () => {
    const job = makeMnistJob({ now })
    const probs = await predict(decodeFloats(job.payload.inputs.base64), 200)
    const labels = mnistLabelsFor(200, 0)
    const right = labels.filter((label, i) => argMax(probs.subarray(i * 10, i * 10 + 10)) === label).length
    expect(right / labels.length).toBeGreaterThanOrEqual(0.9)
  })

  it('passes the default job’s canaries within tolerance often enough for its SLA', async () => {
    const job = makeMnistJob({ now })
    const probs = await predict(Float32Array.from(job.canaries.flatMap((c) => c.input)), job.canaries.length)
    const passed = job.canaries.filter((c, i) => c.expected.every((e, j) => Math.abs(probs[i * 10 + j]! - e) <= c.tolerance)).length
    expect(passed / job.canaries.length).toBeGreaterThanOrEqual(job.sla.minAccuracy!)
  })

  it('scores at least 95% over the whole held-out set, as the model card says', async () => {
    const probs = await predict(Float32Array.from(test.images, (p) => p / 255), test.count)
    let right = 0
    for (let i = 0; i < test.count; i++) if (argMax(probs.subarray(i * 10, i * 10 + 10)) === test.labels[i]) right++
    expect(right / test.count).toBeGreaterThanOrEqual(0.95)
  })
})
