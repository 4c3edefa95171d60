import * as tf from '@tensorflow/tfjs-core'
import * as tfl from '@tensorflow/tfjs-layers'
import { loadGraphModel, type GraphModel } from '@tensorflow/tfjs-converter'
import { LIMITS } from '../jobs/bundle'
import { createModelCache, modelKey } from './modelCache'
import type { JobOutput, JobTask } from './protocol'

/** A job the bundle itself makes impossible (shapes that do not fit the model, a model that does not load). */
export class JobInputError extends Error {}
export class JobTimeoutError extends Error {}

export interface JobContext {
  checkpoint(): Promise<void>
  progress(done: number, total: number): void
}

type Model = { predict(x: tf.Tensor): tf.Tensor; inputShape: (number | null)[]; dispose(): void }

async function loadModel(spec: NonNullable<JobTask['model']>): Promise<{ model: Model; layers: tfl.LayersModel | null }> {
  const weightData = spec.weights.buffer.slice(spec.weights.byteOffset, spec.weights.byteOffset + spec.weights.byteLength) as ArrayBuffer
  const artifacts = { modelTopology: spec.modelTopology, weightSpecs: spec.weightSpecs as tf.io.WeightsManifestEntry[], weightData }
  try {
    if (spec.format === 'tfjs-layers') {
      const m = await tfl.loadLayersModel(tf.io.fromMemory(artifacts))
      const shape = m.inputs[0]!.shape
      return { model: { predict: (x) => m.predict(x) as tf.Tensor, inputShape: shape, dispose: () => m.dispose() }, layers: m }
    }
    const g: GraphModel = await loadGraphModel(tf.io.fromMemory(artifacts))
    const shape = g.inputs[0]?.shape ?? []
    return { model: { predict: (x) => g.predict(x) as tf.Tensor, inputShape: shape, dispose: () => g.dispose() }, layers: null }
  } catch (err) {
    throw new JobInputError(`The model does not load: ${(err as Error).message}`)
  }
}

function checkOutputSize(perItem: number, items: number): void {
  if (perItem > LIMITS.outputElements || items * perItem > LIMITS.tensorElements) {
    throw new JobInputError(`The model gives ${perItem} values per item; at most ${LIMITS.outputElements} per item and ${LIMITS.tensorElements} per job are allowed.`)
  }
}

function checkItemShape(expected: (number | null)[], itemShape: number[]): void {
  const want = expected.slice(1)
  const fits = want.length === itemShape.length && want.every((d, i) => d === null || d === -1 || d === itemShape[i])
  if (!fits) throw new JobInputError(`The model takes items shaped [${want.map((d) => d ?? '?')}] but the inputs are [${itemShape}].`)
}

/**
 * Runs batches of items through `step`, timing each batch from upload to the output read back.
 * Every tensor of a batch lives inside tf.tidy or is disposed at once, so memory stays flat job after job.
 */
async function batches(task: JobTask, ctx: JobContext, deadline: number, step: (x: tf.Tensor) => tf.Tensor): Promise<JobOutput> {
  const itemSize = task.itemShape.reduce((a, b) => a * b, 1)
  const count = task.inputs.length / itemSize
  const latenciesMs: number[] = []
  let outputs: Float32Array | null = null
  let outputSize = 0
  let computeMs = 0
  for (let start = 0; start < count; start += task.batchSize) {
    await ctx.checkpoint()
    if (performance.now() > deadline) throw new JobTimeoutError(`The job ran past its ${task.runMs} ms limit.`)
    const n = Math.min(task.batchSize, count - start)
    const t0 = performance.now()
    const out = tf.tidy(() => step(tf.tensor(task.inputs.subarray(start * itemSize, (start + n) * itemSize), [n, ...task.itemShape])))
    const data = (await out.data()) as Float32Array
    out.dispose()
    const ms = performance.now() - t0
    latenciesMs.push(ms)
    computeMs += ms
    if (!outputs) {
      outputSize = data.length / n
      checkOutputSize(outputSize, count)
      outputs = new Float32Array(count * outputSize)
    }
    if (data.length !== n * outputSize) throw new JobInputError('The model gave outputs of varying size.')
    outputs.set(data, start * outputSize)
    ctx.progress(Math.min(count, start + n), count)
  }
  return { outputs: outputs ?? new Float32Array(0), outputSize, processed: count, latenciesMs, computeMs, lossCurve: null, evalOutputs: null }
}

async function train(task: JobTask, ctx: JobContext, deadline: number): Promise<JobOutput> {
  const spec = task.train!
  const { model, layers } = await loadModel(task.model!)
  try {
    if (!layers) throw new JobInputError('train jobs need a tfjs-layers model.')
    checkItemShape(model.inputShape, task.itemShape)
    layers.compile({ optimizer: tf.train.sgd(spec.learningRate), loss: spec.loss })
    const itemSize = task.itemShape.reduce((a, b) => a * b, 1)
    const ySize = spec.yShape.reduce((a, b) => a * b, 1)
    const count = task.inputs.length / itemSize
    const latenciesMs: number[] = []
    const lossCurve: (number | null)[] = []
    let computeMs = 0
    let processed = 0
    for (let s = 0; s < spec.steps; s++) {
      await ctx.checkpoint()
      if (performance.now() > deadline) throw new JobTimeoutError(`The job ran past its ${task.runMs} ms limit.`)
      // Batches walk the data in order, wrapping around: the same bundle always trains the same way.
      const start = (s * task.batchSize) % count
      const n = Math.min(task.batchSize, count - start)
      const t0 = performance.now()
      const x = tf.tensor(task.inputs.subarray(start * itemSize, (start + n) * itemSize), [n, ...task.itemShape])
      const y = tf.tensor(spec.y.subarray(start * ySize, (start + n) * ySize), [n, ...spec.yShape])
      let loss: number | number[]
      try {
        loss = await layers.trainOnBatch(x, y)
      } catch (err) {
        // tfjs checks the labels against the model's output here: a bundle mismatch, not a node fault.
        throw (err as Error).constructor.name === 'ValueError' ? new JobInputError(`The labels do not fit the model: ${(err as Error).message}`) : err
      } finally {
        x.dispose()
        y.dispose()
      }
      processed += n
      const ms = performance.now() - t0
      latenciesMs.push(ms)
      computeMs += ms
      const l = Array.isArray(loss) ? loss[0]! : loss
      // A diverged run (NaN loss) is reported as such; receipts cannot carry NaN.
      lossCurve.push(Number.isFinite(l) ? l : null)
      ctx.progress(s + 1, spec.steps)
    }
    const weights = layers.getWeights().map((w) => w.dataSync() as Float32Array)
    const outputs = new Float32Array(weights.reduce((s, w) => s + w.length, 0))
    weights.reduce((offset, w) => (outputs.set(w, offset), offset + w.length), 0)
    let evalOutputs: Float32Array | null = null
    if (spec.evalInputs.length > 0) {
      const out = tf.tidy(() => model.predict(tf.tensor(spec.evalInputs, [spec.evalInputs.length / itemSize, ...task.itemShape])))
      evalOutputs = (await out.data()) as Float32Array
      out.dispose()
    }
    return { outputs, outputSize: outputs.length, processed, latenciesMs, computeMs, lossCurve, evalOutputs }
  } finally {
    // The optimizer's slots belong to the model: dispose both.
    layers?.optimizer?.dispose()
    model.dispose()
  }
}

/** Executes one job inside the compute runner. */
export async function executeJob(task: JobTask, ctx: JobContext): Promise<JobOutput> {
  const deadline = performance.now() + task.runMs
  if (task.jobKind === 'train') return train(task, ctx, deadline)
  if (task.jobKind === 'matmul') {
    const w = tf.tensor(task.weights!.values, task.weights!.shape)
    try {
      return await batches(task, ctx, deadline, (x) => tf.matMul(x, w))
    } finally {
      w.dispose()
    }
  }
  const key = modelKey(task.model!)
  let entry = models.get(key)
  let owned: Model | null = null
  if (!entry) {
    owned = (await loadModel(task.model!)).model
    if (models.put(key, owned, task.model!.weights.byteLength)) {
      entry = models.get(key)
      owned = null
    }
  }
  const model = entry?.model ?? owned!
  try {
    checkItemShape(model.inputShape, task.itemShape)
    // Kernels compile on first use: a served model is warm, so latency is timed after one warm-up
    // item (its time still counts in the job's duration and throughput). A cached model is warm.
    const shape = task.itemShape.join('x')
    let outputSize = entry?.outputSizes.get(shape)
    if (outputSize === undefined) {
      try {
        outputSize = tf.tidy(() => model.predict(tf.zeros([1, ...task.itemShape])).size)
      } catch (err) {
        models.drop(key)
        // Graph models resolve their ops on first run: an op tfjs does not have fails here, before any item.
        throw new JobInputError(`The model does not run on one item: ${(err as Error).message}`)
      }
      entry?.outputSizes.set(shape, outputSize)
    }
    checkOutputSize(outputSize, task.inputs.length / task.itemShape.reduce((a, b) => a * b, 1))
    return await batches(task, ctx, deadline, (x) => model.predict(x))
  } finally {
    owned?.dispose()
  }
}

/** Loaded inference models kept warm between jobs (at most two, 64 MiB of weights). */
const models = createModelCache<Model>({ models: 2, bytes: 64 * 1024 * 1024 })
