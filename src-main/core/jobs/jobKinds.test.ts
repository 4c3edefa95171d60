// The train kind and graph models, run for real in the compute runner of a real core.
import { randomUUID } from 'node:crypto'
import * as tf from '@tensorflow/tfjs-core'
import '@tensorflow/tfjs-backend-cpu'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { tempCore } from '../test/tempCore'
import { matmulRef, values } from './test/bundles'
import { denseModel } from './test/models'
import { finished } from './test/finished'

const cores: ReturnType<typeof tempCore>[] = []
afterEach(async () => {
  for (const c of cores.splice(0)) await c.stop()
})
beforeAll(async () => {
  await tf.setBackend('cpu')
})

async function node() {
  const core = tempCore({ runner: true })
  cores.push(core)
  await core.start()
  return core
}


const b64 = (xs: ArrayLike<number>) => Buffer.from(new Float32Array(Array.from(xs)).buffer).toString('base64')

/** A fresh 4 → 2 softmax classifier. */
const layersModel = () => denseModel(2)

/** Two linearly separable classes: class 1 when the first feature is positive. */
function dataset(n: number, seed: number) {
  const x = values(n * 4, seed)
  const y = Array.from({ length: n }, (_, i) => (x[i * 4]! > 0 ? [0, 1] : [1, 0])).flat()
  return { x, y }
}

describe('job kinds', () => {
  it('train: SGD steps lower the loss, the trained model passes held-out canaries, the weights are the output', async () => {
    const core = await node()
    const { x, y } = dataset(128, 5)
    const held = dataset(20, 99)
    const bundle = {
      version: 1,
      id: randomUUID(),
      kind: 'train',
      sla: { deadline: Date.now() + 600_000, minAccuracy: 0.9 },
      price: { currency: 'DEMO', unit: 'perGpuSecond', microUnits: 1000 },
      canaries: Array.from({ length: 20 }, (_, i) => ({ input: held.x.slice(i * 4, i * 4 + 4), expected: held.y.slice(i * 2, i * 2 + 2), tolerance: 0.5 })),
      payload: { model: await layersModel(), x: { shape: [128, 4], base64: b64(x) }, y: { shape: [128, 2], data: y }, steps: 60, batchSize: 32, learningRate: 1, loss: 'categoricalCrossentropy' }
    }
    await core.api['jobs.submit'](bundle)
    expect(await finished(core, bundle.id)).toMatchObject({ state: 'done', met: true, progress: { done: 60, total: 60 } })
    const job = await core.api['jobs.get'](bundle.id)
    const curve = job.metrics!.lossCurve as number[]
    expect(curve).toHaveLength(60)
    expect(curve.at(-1)!).toBeLessThan(curve[0]! / 2)
    expect(job.metrics!.canaryAccuracy).toBeGreaterThanOrEqual(0.9)
    const result = await core.api['jobs.result'](bundle.id)
    // Dense 4 → 2: kernel (8) and bias (2).
    expect(result.shape).toEqual([10])
    expect(result.outputs.some((v) => v !== 0)).toBe(true)
    expect(job.ledger[0]).toMatchObject({ kind: 'earning' })
  })

  it('train: pay counts the examples really processed (the last batch before wrapping is partial); labels that do not fit fail as bad input', async () => {
    const core = await node()
    const { x, y } = dataset(10, 8)
    const job = (yShape: number[], yData: number[]) => ({
      version: 1,
      id: randomUUID(),
      kind: 'train',
      sla: { deadline: Date.now() + 600_000 },
      price: { currency: 'DEMO', unit: 'per1kItems', microUnits: 1_000_000 },
      payload: { model: undefined as unknown, x: { shape: [10, 4], data: x }, y: { shape: yShape, data: yData }, steps: 3, batchSize: 4, learningRate: 0.1, loss: 'categoricalCrossentropy' }
    })
    const good = job([10, 2], y)
    good.payload.model = await layersModel()
    await core.api['jobs.submit'](good)
    expect((await finished(core, good.id)).state).toBe('done')
    // Batches of rows 0–3, 4–7, 8–9: 10 examples, not 3 × 4.
    expect((await core.api['jobs.get'](good.id)).ledger).toEqual([expect.objectContaining({ kind: 'earning', amountMicro: 10_000 })])

    const bad = job([10, 3], new Array(30).fill(0))
    bad.payload.model = await layersModel()
    await core.api['jobs.submit'](bad)
    expect(await finished(core, bad.id)).toMatchObject({ state: 'failed', error: { code: 'E_BAD_INPUT' } })
    expect((await core.api['bench.backend']()).memory!.tfTensors).toBe(0)
  })

  it('a model whose outputs exceed the per-item limit fails as bad input on its warm-up item, unpaid', async () => {
    const core = await node()
    const bundle = {
      version: 1,
      id: randomUUID(),
      kind: 'inference',
      sla: { deadline: Date.now() + 600_000 },
      price: { currency: 'DEMO', unit: 'per1kItems', microUnits: 1_000_000 },
      payload: { model: await denseModel(100_001, 'linear'), inputs: { shape: [2, 4], data: values(8, 1) }, batchSize: 2 }
    }
    await core.api['jobs.submit'](bundle)
    const job = await finished(core, bundle.id)
    expect(job).toMatchObject({ state: 'failed', payMicro: 0, error: { code: 'E_BAD_INPUT' } })
    expect(job.error!.message).toMatch(/100001 values per item; at most 100000/)
    expect((await core.api['jobs.get'](bundle.id)).progress.done).toBe(0)
  })

  it('inference with a tfjs graph model computes the real product; a graph with an unknown op fails unpaid before computing', async () => {
    const core = await node()
    const w = values(8, 3)
    const graph = (op: string) => ({
      format: 'tfjs-graph',
      modelTopology: {
        node: [
          { name: 'x', op: 'Placeholder', attr: { dtype: { type: 'DT_FLOAT' }, shape: { shape: { dim: [{ size: '-1' }, { size: '4' }] } } } },
          { name: 'w', op: 'Const', attr: { dtype: { type: 'DT_FLOAT' }, value: { tensor: { dtype: 'DT_FLOAT', tensorShape: { dim: [{ size: '4' }, { size: '2' }] } } } } },
          { name: 'y', op, input: ['x', 'w'], attr: { T: { type: 'DT_FLOAT' }, transpose_a: { b: false }, transpose_b: { b: false } } }
        ],
        versions: { producer: 1 }
      },
      weightSpecs: [{ name: 'w', shape: [4, 2], dtype: 'float32' }],
      weightsBase64: b64(w)
    })
    const x = values(24, 4)
    const job = (op: string) => ({
      version: 1,
      id: randomUUID(),
      kind: 'inference',
      sla: { deadline: Date.now() + 600_000 },
      price: { currency: 'DEMO', unit: 'per1kItems', microUnits: 1_000_000 },
      payload: { model: graph(op), inputs: { shape: [6, 4], data: x }, batchSize: 4 }
    })
    const good = job('MatMul')
    await core.api['jobs.submit'](good)
    expect((await finished(core, good.id)).state).toBe('done')
    const ref = matmulRef(x, w, 6, 4, 2)
    ;(await core.api['jobs.result'](good.id)).outputs.forEach((v, i) => expect(v).toBeCloseTo(ref[i]!, 4))

    const bad = job('NotAnOp')
    await core.api['jobs.submit'](bad)
    const failed = await finished(core, bad.id)
    expect(failed).toMatchObject({ state: 'failed', payMicro: 0, error: { code: 'E_BAD_INPUT' } })
    expect(failed.error!.message).toMatch(/model does not (load|run)/)
    expect((await core.api['jobs.get'](bad.id)).ledger).toEqual([])
  })
})
