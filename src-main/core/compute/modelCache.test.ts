import { randomUUID } from 'node:crypto'
import '@tensorflow/tfjs-backend-cpu'
import * as tf from '@tensorflow/tfjs-core'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { finished } from '../jobs/test/finished'
import { denseModel } from '../jobs/test/models'
import { values } from '../jobs/test/bundles'
import { tempCore } from '../test/tempCore'
import { createModelCache } from './modelCache'

const cores: ReturnType<typeof tempCore>[] = []
afterEach(async () => {
  for (const c of cores.splice(0)) await c.stop()
})
beforeAll(async () => {
  await tf.setBackend('cpu')
})

class Disposable {
  disposed = 0
  dispose() {
    this.disposed++
  }
}

describe('the model cache', () => {
  it('keeps the most recently used models within its count and bytes, disposing each evicted one once', () => {
    const cache = createModelCache<Disposable>({ models: 2, bytes: 100 })
    const [a, b, c, d] = [new Disposable(), new Disposable(), new Disposable(), new Disposable()]
    expect(cache.put('a', a, 40)).toBe(true)
    expect(cache.put('b', b, 40)).toBe(true)
    expect(cache.get('a')?.model).toBe(a) // a is now the most recent
    expect(cache.put('c', c, 10)).toBe(true) // over the count: b goes
    expect([a.disposed, b.disposed, c.disposed]).toEqual([0, 1, 0])
    expect(cache.get('b')).toBeUndefined()
    expect(cache.put('d', d, 70)).toBe(true) // over the bytes: a (least recent) goes; c and d fit
    expect([a.disposed, c.disposed]).toEqual([1, 0])
    expect(cache.size()).toBe(2)
    expect(cache.put('huge', new Disposable(), 101)).toBe(false) // the caller keeps and disposes it
    cache.drop('d')
    expect(d.disposed).toBe(1)
    expect(cache.size()).toBe(1)
  })
})

describe('inference models in the runner', () => {
  // One model file per kernel value, sent as often as asked (a new tfjs model would get new layer names).
  const files = new Map<number, Awaited<ReturnType<typeof denseModel>>>()
  const modelFile = async (kernel: number) => files.get(kernel) ?? files.set(kernel, await denseModel(3, 'linear', kernel)).get(kernel)!
  const job = async (kernel: number) => ({
    version: 1,
    id: randomUUID(),
    kind: 'inference',
    sla: { deadline: Date.now() + 600_000 },
    price: { currency: 'DEMO', unit: 'per1kItems', microUnits: 1000 },
    payload: { model: await modelFile(kernel), inputs: { shape: [5, 4], data: values(20, 3) }, batchSize: 2 }
  })

  it('a model sent again is not loaded again, its results are the same, and at most two stay loaded', async () => {
    const core = tempCore({ runner: true })
    cores.push(core)
    await core.start()
    const tensors = async () => (await core.api['bench.backend']()).memory!.tfTensors!
    const run = async (kernel: number) => {
      const b = await job(kernel)
      await core.api['jobs.submit'](b)
      expect(await finished(core, b.id)).toMatchObject({ state: 'done' })
      return { outputs: (await core.api['jobs.result'](b.id)).outputs, tensors: await tensors() }
    }
    const first = await run(0.5)
    const again = await run(0.5)
    expect(again.outputs).toEqual(first.outputs)
    // Dense 4 → 3 holds two weight tensors: the same model kept, not loaded a second time.
    expect(again.tensors).toBe(first.tensors)
    const other = await run(0.25)
    expect(other.tensors).toBe(first.tensors + 2)
    expect(other.outputs).toEqual(first.outputs.map((v) => v / 2))
    // A third model evicts the least recently used one (disposed): still two loaded.
    expect((await run(0.125)).tensors).toBe(first.tensors + 2)
  })
})
