import type * as TF from '@tensorflow/tfjs-core'
import * as tfl from '@tensorflow/tfjs-layers'
import type { InferenceBench } from '../../../src-preload/contract'
import { loadMnistModel, loadMnistTestSet } from '../jobs/mnistModel'
import { percentile } from '../jobs/sla'
import { WrongResultError } from './suite'

/** Below this share of true labels the backend is computing wrong numbers (the model card's figure is far above). */
const MIN_ACCURACY = 0.9

/**
 * The real-model step of the benchmark: the shipped MNIST model on its held-out digits — latency of
 * single items (upload → prediction read back), items/s at growing batch sizes, and accuracy
 * against the true labels, which doubles as a correctness check of the backend.
 */
export async function benchInference(tf: typeof TF, mode: 'quick' | 'full', checkpoint: () => Promise<void>): Promise<InferenceBench | null> {
  let spec: ReturnType<typeof loadMnistModel>
  let test: ReturnType<typeof loadMnistTestSet>
  try {
    spec = loadMnistModel()
    test = loadMnistTestSet()
  } catch {
    return null
  }
  const weights = Buffer.from(spec.weightsBase64, 'base64')
  const model = await tfl.loadLayersModel(
    tf.io.fromMemory({ modelTopology: spec.modelTopology, weightSpecs: spec.weightSpecs as TF.io.WeightsManifestEntry[], weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer })
  )
  try {
    const images = Float32Array.from(test.images, (v) => v / 255)
    const item = images.length / test.count
    const predict = async (start: number, n: number): Promise<Float32Array> => {
      const out = tf.tidy(() => model.predict(tf.tensor(images.subarray(start * item, (start + n) * item), [n, item])) as TF.Tensor)
      const data = (await out.data()) as Float32Array
      out.dispose()
      return data
    }
    for (let i = 0; i < 3; i++) await predict(i, 1)
    const singles: number[] = []
    for (let i = 0; i < (mode === 'quick' ? 30 : 100); i++) {
      if (i % 10 === 0) await checkpoint()
      const t = performance.now()
      await predict(i % test.count, 1)
      singles.push(performance.now() - t)
    }
    const span = Math.min(test.count, mode === 'quick' ? 256 : 1024)
    const byBatch: InferenceBench['byBatch'] = []
    for (const batch of mode === 'quick' ? [1, 32, 256] : [1, 8, 32, 128, 512]) {
      await checkpoint()
      const t = performance.now()
      for (let start = 0; start + batch <= span; start += batch) await predict(start, batch)
      byBatch.push({ batch, itemsPerSec: (Math.floor(span / batch) * batch) / ((performance.now() - t) / 1000) })
    }
    let correct = 0
    for (let start = 0; start < test.count; start += 512) {
      await checkpoint()
      const n = Math.min(512, test.count - start)
      const probs = await predict(start, n)
      for (let i = 0; i < n; i++) {
        const row = probs.subarray(i * 10, i * 10 + 10)
        if (row.indexOf(Math.max(...row)) === test.labels[start + i]) correct++
      }
    }
    const accuracy = correct / test.count
    if (!(accuracy >= MIN_ACCURACY)) throw new WrongResultError(`the MNIST model classifies only ${(100 * accuracy).toFixed(1)}% of held-out digits right on this backend: it computes wrong numbers`)
    const best = byBatch.reduce((a, b) => (b.itemsPerSec > a.itemsPerSec ? b : a))
    return {
      model: 'MNIST digits (resources/models/mnist)',
      parameters: model.countParams(),
      batch1P50Ms: percentile(singles, 50),
      batch1P95Ms: percentile(singles, 95),
      bestBatch: best.batch,
      bestItemsPerSec: best.itemsPerSec,
      byBatch,
      accuracy,
      testItems: test.count
    }
  } finally {
    model.dispose()
  }
}
