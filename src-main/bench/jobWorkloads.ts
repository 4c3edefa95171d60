import { randomUUID } from 'node:crypto'
import * as tf from '@tensorflow/tfjs-core'
import * as tfl from '@tensorflow/tfjs-layers'
import { makeMnistJob } from '../core/jobs/mnistJob'
import { loadMnistModel, loadMnistTestSet } from '../core/jobs/mnistModel'
import { matmulBundle, values } from '../core/jobs/test/bundles'

/**
 * The jobs `bench:jobs` measures, each with the same computation done directly. Built the same way in
 * the bench (for the bundles) and in its direct process (for the direct runs): every weight and value
 * is seeded or shipped, so both sides compute on the same numbers.
 */
export interface Workload {
  name: string
  bundle(): { id: string }
  /** The same computation, done directly in this process; returns ms. */
  direct(): Promise<number>
  bytes: number
}

/** A lab's own job as the bench submits it: demo credits, an hour to run. */
const labJob = (kind: 'inference' | 'train', unit: 'per1kItems' | 'perGpuSecond', payload: Record<string, unknown>) => ({
  version: 1,
  id: randomUUID(),
  kind,
  sla: { deadline: Date.now() + 3600_000 },
  price: { currency: 'DEMO', unit, microUnits: 1000 },
  payload
})

/** The direct way: a model's predictions over every item in batches of 32, each read back; returns ms. */
async function predictInBatches(model: tfl.LayersModel, images: Float32Array, itemShape: number[]): Promise<number> {
  const size = itemShape.reduce((a, b) => a * b, 1)
  const count = images.length / size
  const t0 = performance.now()
  for (let start = 0; start < count; start += 32) {
    const n = Math.min(32, count - start)
    const out = tf.tidy(() => model.predict(tf.tensor(images.subarray(start * size, (start + n) * size), [n, ...itemShape])) as tf.Tensor)
    await out.data()
    out.dispose()
  }
  return performance.now() - t0
}

async function mnistWorkload(): Promise<Workload> {
  const { count } = loadMnistTestSet()
  const make = () => makeMnistJob({ now: Date.now(), count: count - 20, canaries: 20, batchSize: 32 })
  const spec = loadMnistModel()
  const weights = Buffer.from(spec.weightsBase64, 'base64')
  const model = await tfl.loadLayersModel(
    tf.io.fromMemory({ modelTopology: spec.modelTopology, weightSpecs: spec.weightSpecs, weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer })
  )
  const images = Float32Array.from(loadMnistTestSet().images, (v) => v / 255)
  return {
    name: `MNIST model (Dense 784→128→10), ${count} digits (20 of them canaries) in batches of 32`,
    bundle: make,
    bytes: JSON.stringify(make()).length,
    direct: () => predictInBatches(model, images, [784])
  }
}

/**
 * A convolutional network on MNIST digits — the kind of inference whose compute outweighs its data
 * (about 22 MFLOP per 3 kB digit, where the shipped dense network does 0.2 MFLOP). Its weights are
 * seeded random numbers: the pipeline's cost does not depend on what the network has learnt.
 */
async function convWorkload(count: number): Promise<Workload> {
  const net = tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, activation: 'relu', kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }) }),
      tfl.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu', kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }) }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: tfl.initializers.glorotUniform({ seed: 3 }) })
    ]
  })
  let saved: tf.io.ModelArtifacts | null = null
  await net.save(tf.io.withSaveHandler(async (a) => ((saved = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })))
  const a = saved! as tf.io.ModelArtifacts
  const weights = Buffer.from(a.weightData as ArrayBuffer)
  const model = { format: 'tfjs-layers', modelTopology: a.modelTopology, weightSpecs: a.weightSpecs, weightsBase64: weights.toString('base64') }
  const images = Float32Array.from(loadMnistTestSet().images.subarray(0, count * 784), (v) => v / 255)
  const make = () => labJob('inference', 'per1kItems', { model, inputs: { shape: [count, 28, 28, 1], base64: Buffer.from(images.buffer).toString('base64') }, batchSize: 32 })
  return {
    name: `conv net (2 conv layers, 111k weights), ${count} digits in batches of 32`,
    bundle: make,
    bytes: JSON.stringify(make()).length,
    direct: () => predictInBatches(net, images, [28, 28, 1])
  }
}

/** N SGD steps of the MNIST network on the test digits: the kind of job whose compute outweighs its data. */
async function trainWorkload(steps: number): Promise<Workload> {
  const spec = loadMnistModel()
  const test = loadMnistTestSet()
  const images = Float32Array.from(test.images, (v) => v / 255)
  const labels = new Float32Array(test.count * 10)
  test.labels.forEach((l, i) => (labels[i * 10 + l] = 1))
  const make = () =>
    labJob('train', 'perGpuSecond', {
      model: spec,
      x: { shape: [test.count, 784], base64: Buffer.from(images.buffer).toString('base64') },
      y: { shape: [test.count, 10], base64: Buffer.from(labels.buffer).toString('base64') },
      steps,
      batchSize: 32,
      learningRate: 0.01,
      loss: 'categoricalCrossentropy'
    })
  const weights = Buffer.from(spec.weightsBase64, 'base64')
  return {
    name: `train: ${steps} SGD steps of the MNIST network, batches of 32 over ${test.count} digits`,
    bundle: make,
    bytes: JSON.stringify(make()).length,
    async direct() {
      const t0 = performance.now()
      const model = await tfl.loadLayersModel(
        tf.io.fromMemory({ modelTopology: spec.modelTopology, weightSpecs: spec.weightSpecs, weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer })
      )
      model.compile({ optimizer: tf.train.sgd(0.01), loss: 'categoricalCrossentropy' })
      for (let s = 0; s < steps; s++) {
        const start = (s * 32) % test.count
        const n = Math.min(32, test.count - start)
        const x = tf.tensor(images.subarray(start * 784, (start + n) * 784), [n, 784])
        const y = tf.tensor(labels.subarray(start * 10, (start + n) * 10), [n, 10])
        await model.trainOnBatch(x, y)
        x.dispose()
        y.dispose()
      }
      model.getWeights().forEach((w) => w.dataSync())
      model.optimizer.dispose()
      model.dispose()
      return performance.now() - t0
    }
  }
}

function matmulWorkload(): Workload {
  const [rows, k, m, batch] = [2048, 768, 512, 256]
  const x = new Float32Array(values(rows * k, 11))
  const w = new Float32Array(values(k * m, 12))
  const make = () => {
    const b = matmulBundle(Date.now(), { n: 1, k, m, canaries: 0, batchSize: batch })
    // Buyers send tensors as base64 float32: a quarter of the text of JSON numbers.
    b.payload.inputs = { shape: [rows, k], base64: Buffer.from(x.buffer).toString('base64') } as never
    b.payload.weights = { shape: [k, m], base64: Buffer.from(w.buffer).toString('base64') } as never
    return b
  }
  return {
    name: `matmul ${rows}×${k} · ${k}×${m} in batches of ${batch}`,
    bundle: make,
    bytes: JSON.stringify(make()).length,
    async direct() {
      const t0 = performance.now()
      const wt = tf.tensor(w, [k, m])
      for (let start = 0; start < rows; start += batch) {
        const out = tf.tidy(() => tf.matMul(tf.tensor(x.subarray(start * k, (start + batch) * k), [batch, k]), wt))
        await out.data()
        out.dispose()
      }
      wt.dispose()
      return performance.now() - t0
    }
  }
}

/** The jobs by key (what BENCH_JOBS_ONLY names), in the order the bench runs them. */
export const WORKLOADS = {
  mnist: mnistWorkload,
  matmul: async () => matmulWorkload(),
  conv: () => convWorkload(256),
  train: () => trainWorkload(400)
} satisfies Record<string, () => Promise<Workload>>
export type WorkloadKey = keyof typeof WORKLOADS
