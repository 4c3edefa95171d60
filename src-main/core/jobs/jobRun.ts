import { randomInt } from 'node:crypto'
import type { JobTask } from '../compute/protocol'
import { bundleSchema, decodeTensor, LIMITS, type Bundle, type Decoded } from './bundle'

/** A stored bundle turned into the runner's task, with where the canaries were hidden. */
export interface PreparedRun {
  task: JobTask
  /** Row of each canary in the runner's inputs (inference, matmul); train evaluates them after training. */
  canaryRows: number[]
  items: number
}

/** Picks `k` distinct rows out of `n` uniformly (partial Fisher–Yates with a cryptographic RNG). */
function randomRows(n: number, k: number): number[] {
  const pool = Array.from({ length: n }, (_, i) => i)
  for (let i = 0; i < k; i++) {
    const j = i + randomInt(n - i)
    ;[pool[i], pool[j]] = [pool[j]!, pool[i]!]
  }
  return pool.slice(0, k)
}

/**
 * Canaries go into random rows among the real items, so the runner — and anything that would
 * skimp on work — sees one uniform batch stream and cannot tell which rows are checked.
 */
export function mixCanaries(inputs: Float32Array, itemSize: number, canaries: readonly { input: number[] }[]): { mixed: Float32Array; canaryRows: number[] } {
  // Nothing to hide: the inputs go as they are, without a copy of megabytes.
  if (canaries.length === 0) return { mixed: inputs, canaryRows: [] }
  const items = inputs.length / itemSize
  const total = items + canaries.length
  const canaryRows = randomRows(total, canaries.length)
  const isCanary = new Int32Array(total).fill(-1)
  canaryRows.forEach((row, c) => (isCanary[row] = c))
  const mixed = new Float32Array(total * itemSize)
  let real = 0
  for (let row = 0; row < total; row++) {
    const c = isCanary[row]!
    if (c >= 0) mixed.set(canaries[c]!.input, row * itemSize)
    else mixed.set(inputs.subarray(real * itemSize, ++real * itemSize), row * itemSize)
  }
  return { mixed, canaryRows }
}

/** Splits the runner's outputs back into real rows (in input order) and canary rows (in canary order). */
export function unmix(outputs: Float32Array, outputSize: number, canaryRows: number[]): { real: Float32Array; canaries: Float32Array[] } {
  const total = outputSize === 0 ? 0 : outputs.length / outputSize
  const canarySet = new Set(canaryRows)
  const real = new Float32Array((total - canaryRows.length) * outputSize)
  let r = 0
  for (let row = 0; row < total; row++) {
    if (!canarySet.has(row)) real.set(outputs.subarray(row * outputSize, (row + 1) * outputSize), r++ * outputSize)
  }
  return { real, canaries: canaryRows.map((row) => outputs.subarray(row * outputSize, (row + 1) * outputSize)) }
}

export const parseStoredBundle = (text: string): Bundle => bundleSchema.parse(JSON.parse(text))

/** Builds the runner's task from a validated bundle (and its tensors, when already decoded). */
export function prepareRun(bundle: Bundle, decoded?: Decoded, runMs: number = LIMITS.runMs): PreparedRun {
  if (bundle.kind === 'train') {
    const p = bundle.payload
    const x = decoded?.inputs ?? decodeTensor(p.x, 'payload.x')
    const y = decoded?.y ?? decodeTensor(p.y, 'payload.y')
    const evalInputs = Float32Array.from(bundle.canaries.flatMap((c) => c.input))
    const model = { format: p.model.format, modelTopology: p.model.modelTopology, weightSpecs: p.model.weightSpecs, weights: decoded?.modelWeights ?? new Uint8Array(Buffer.from(p.model.weightsBase64, 'base64')) }
    return {
      task: { kind: 'job', jobKind: 'train', batchSize: p.batchSize, itemShape: x.shape.slice(1), inputs: x.values, model, train: { y: y.values, yShape: y.shape.slice(1), steps: p.steps, learningRate: p.learningRate, loss: p.loss, evalInputs }, runMs },
      canaryRows: [],
      items: x.shape[0]!
    }
  }
  const inputs = decoded?.inputs ?? decodeTensor(bundle.payload.inputs, 'payload.inputs')
  const itemShape = inputs.shape.slice(1)
  const itemSize = itemShape.reduce((a, b) => a * b, 1)
  const { mixed, canaryRows } = mixCanaries(inputs.values, itemSize, bundle.canaries)
  const base = { kind: 'job' as const, batchSize: bundle.payload.batchSize, itemShape, inputs: mixed, runMs }
  if (bundle.kind === 'matmul') {
    const w = decoded?.weights ?? decodeTensor(bundle.payload.weights, 'payload.weights')
    return { task: { ...base, jobKind: 'matmul', weights: { shape: w.shape, values: w.values } }, canaryRows, items: inputs.shape[0]! }
  }
  const m = bundle.payload.model
  return {
    task: { ...base, jobKind: 'inference', model: { format: m.format, modelTopology: m.modelTopology, weightSpecs: m.weightSpecs, weights: decoded?.modelWeights ?? new Uint8Array(Buffer.from(m.weightsBase64, 'base64')) } },
    canaryRows,
    items: inputs.shape[0]!
  }
}

/** train: the outputs of the canaries, evaluated on the trained model, one row each. */
export function evalRows(evalOutputs: Float32Array | null, canaries: number): Float32Array[] {
  if (!evalOutputs || canaries === 0) return []
  const size = evalOutputs.length / canaries
  return Array.from({ length: canaries }, (_, i) => evalOutputs.subarray(i * size, (i + 1) * size))
}
