import { describe, expect, it } from 'vitest'
import { parseBundle } from './bundle'
import { jobWork } from './jobWork'
import { makeMnistJob } from './mnistJob'
import { matmulBundle } from './test/bundles'

const now = Date.now()

describe('job work for the performance model', () => {
  it('counts a matmul job and the Dense layers of the shipped MNIST model', () => {
    const m = parseBundle(matmulBundle(now, { n: 8, k: 16, m: 4 }), now).bundle
    expect(jobWork(m, 11, 16)).toEqual({ kind: 'matmul', flops: 2 * 11 * 16 * 4, bytes: 4 * (11 * 16 + 16 * 4 + 11 * 4), n: Math.round(Math.cbrt(11 * 16 * 4)) })
    const mnist = parseBundle(makeMnistJob({ now, count: 100, canaries: 10 }), now).bundle
    expect(jobWork(mnist, 110, 784)!.flops).toBe(2 * 110 * (784 * 128 + 128 * 10))
    // A training job does forward and backward passes: about three forwards.
    const train = { ...mnist, kind: 'train' } as unknown as typeof mnist
    expect(jobWork(train, 110, 784)!.flops).toBe(3 * 2 * 110 * (784 * 128 + 128 * 10))
  })

  it('leaves models with other compute layers out rather than guess', () => {
    const mnist = parseBundle(makeMnistJob({ now, count: 10, canaries: 1 }), now).bundle
    const conv = structuredClone(mnist) as typeof mnist
    if (conv.kind !== 'inference') throw new Error('inference expected')
    ;((conv.payload.model.modelTopology.config as { layers: { class_name: string }[] }).layers[0]!).class_name = 'Conv2D'
    expect(jobWork(conv, 11, 784)).toBeNull()
  })
})
