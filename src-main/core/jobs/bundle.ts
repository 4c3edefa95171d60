import { z } from 'zod'
import { IngotError } from '../errors'
import { canonicalDigest, canonicalJson, canonicalLength, sha256Hex } from '../identity/canonicalJson'
import type { JobPrice } from '../../../src-preload/contract'
import { checkLayersTopology, layersItemShape } from './modelCheck'
import { maxPay } from './payout'

/** Hard limits: a bundle beyond them is refused before anything runs (docs/PROTOCOL.md). */
export const LIMITS = {
  bundleBytes: 32 * 1024 * 1024,
  tensorElements: 8_000_000,
  items: 100_000,
  itemElements: 1_000_000,
  outputElements: 100_000,
  modelBytes: 20 * 1024 * 1024,
  weightTensors: 1000,
  graphNodes: 20_000,
  canaries: 1000,
  batchSize: 4096,
  trainSteps: 10_000,
  /** The furthest deadline accepted, from submission. */
  deadlineAheadMs: 24 * 3600_000,
  /** The longest a job may compute once started. */
  runMs: 30 * 60_000
} as const

/**
 * Strict base64: Node's decoder skips characters it does not know, so a string is base64 exactly
 * when it decodes to ¾ of its length less its padding. (A regex over tens of megabytes costs more
 * than the decode itself.)
 */
export function strictBase64(s: string): Buffer | null {
  if (s.length % 4 !== 0) return null
  const bytes = Buffer.from(s, 'base64')
  const padding = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0
  return bytes.length === (s.length / 4) * 3 - padding ? bytes : null
}

const dim = z.number('must be a number').int('must be a whole number').min(1, 'must be at least 1').max(LIMITS.items * 10, 'is too large')
const tensorSchema = z
  .object({
    shape: z.array(dim).min(1, 'must have at least one dimension').max(6, 'must have at most 6 dimensions'),
    dtype: z.literal('float32', 'must be float32').optional(),
    /** Row-major values, or the same as little-endian float32 in base64. */
    data: z.array(z.number('must be finite numbers')).max(LIMITS.tensorElements, `must have at most ${LIMITS.tensorElements} values`).optional(),
    base64: z.string().max(Math.ceil((LIMITS.tensorElements * 4 * 4) / 3) + 4, 'is too large').optional()
  })
  .strict()
  .refine((t) => (t.data === undefined) !== (t.base64 === undefined), 'must have exactly one of data or base64')
export type TensorWire = z.infer<typeof tensorSchema>

const weightSpec = z
  .object({
    name: z.string().min(1).max(300),
    shape: z.array(z.number().int().min(0).max(1 << 24)).max(6),
    dtype: z.literal('float32', 'weights must be float32')
  })
  .strict()

const modelSchema = z.discriminatedUnion(
  'format',
  [
    z
      .object({
        format: z.literal('tfjs-layers'),
        modelTopology: z.record(z.string(), z.unknown()),
        weightSpecs: z.array(weightSpec).max(LIMITS.weightTensors),
        weightsBase64: z.string().max(Math.ceil((LIMITS.modelBytes * 4) / 3) + 4, `weights must be at most ${LIMITS.modelBytes / 1048576} MiB`)
      })
      .strict(),
    z
      .object({
        format: z.literal('tfjs-graph'),
        modelTopology: z.object({ node: z.array(z.object({ name: z.string(), op: z.string() }).loose()).min(1).max(LIMITS.graphNodes) }).loose(),
        weightSpecs: z.array(weightSpec).max(LIMITS.weightTensors),
        weightsBase64: z.string().max(Math.ceil((LIMITS.modelBytes * 4) / 3) + 4, `weights must be at most ${LIMITS.modelBytes / 1048576} MiB`)
      })
      .strict()
  ],
  'must be a tfjs-layers or tfjs-graph model'
)
export type ModelWire = z.infer<typeof modelSchema>

const batchSize = z.number().int('must be a whole number').min(1, 'must be at least 1').max(LIMITS.batchSize, `must be at most ${LIMITS.batchSize}`)

const canarySchema = z
  .object({
    input: z.array(z.number('must be finite numbers')).min(1).max(LIMITS.itemElements),
    expected: z.array(z.number('must be finite numbers')).min(1).max(LIMITS.outputElements),
    tolerance: z.number('must be a number (largest allowed |output − expected|)').min(0, 'must not be negative').max(1e9)
  })
  .strict()

const positive = (what: string) => z.number(`must be a number (${what})`).positive('must be above 0')

const common = {
  version: z.literal(1, 'must be 1'),
  id: z.string('must be a job id').uuid('must be a UUID'),
  createdAt: z.number().int().min(0).optional(),
  buyer: z.string().max(200).optional(),
  /** Where the data may be processed ('any', or a region code such as 'eu', 'us-east'). */
  region: z.string().regex(/^(any|[a-z]{2}(-[a-z0-9]{1,12}){0,2})$/, "must be 'any' or a region code like 'eu' or 'us-east'").default('any'),
  sla: z
    .object({
      maxLatencyMsP95: positive('milliseconds').max(3_600_000).optional(),
      minThroughputPerSec: positive('items per second').max(1e9).optional(),
      minAccuracy: z.number('must be a number between 0 and 1').min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1').optional(),
      deadline: z.number('must be a time in ms since epoch').int().min(0)
    })
    .strict(),
  price: z
    .object({
      currency: z.string().regex(/^[A-Z]{3,8}$/, 'must be a currency code such as DEMO or USD'),
      unit: z.enum(['per1kItems', 'perGpuSecond'], 'must be per1kItems or perGpuSecond'),
      microUnits: z.number('must be a whole number of micro-units').int('must be a whole number of micro-units').min(0, 'must not be negative').max(1e12, 'is too large')
    })
    .strict(),
  canaries: z.array(canarySchema).max(LIMITS.canaries, `at most ${LIMITS.canaries}`).default([])
}

export const bundleSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ ...common, kind: z.literal('inference'), payload: z.object({ model: modelSchema, inputs: tensorSchema, batchSize: batchSize.default(32) }).strict() }).strict(),
    z.object({ ...common, kind: z.literal('matmul'), payload: z.object({ weights: tensorSchema, inputs: tensorSchema, batchSize: batchSize.default(256) }).strict() }).strict(),
    z
      .object({
        ...common,
        kind: z.literal('train'),
        payload: z
          .object({
            model: modelSchema,
            x: tensorSchema,
            y: tensorSchema,
            steps: z.number().int().min(1).max(LIMITS.trainSteps, `must be at most ${LIMITS.trainSteps}`),
            batchSize: batchSize.default(32),
            learningRate: positive('SGD learning rate').max(10),
            loss: z.enum(['categoricalCrossentropy', 'meanSquaredError'], 'must be categoricalCrossentropy or meanSquaredError')
          })
          .strict()
      })
      .strict()
  ],
  'must be one of inference, matmul, train'
)
export type Bundle = z.infer<typeof bundleSchema>

export interface Tensor {
  shape: number[]
  values: Float32Array
}

/** A validated bundle with its tensors decoded: what the runner gets. */
export interface ValidBundle {
  bundle: Bundle
  /** Real items: the first axis of the inputs (train: of x). */
  items: number
  itemShape: number[]
  /** Elements per output row, when known before running (matmul, train labels). */
  outputSize: number | null
  /** The tensors, decoded once here so the run does not decode them again. */
  decoded: Decoded
}

/** …with its canonical JSON (what is stored) and that text's SHA-256. */
export interface ParsedBundle extends ValidBundle {
  canonical: string
  digest: string
}

/** inputs (train: x), matmul weights or train labels, and a model's weights. */
export interface Decoded {
  inputs: Tensor
  weights?: Tensor
  y?: Tensor
  modelWeights?: Uint8Array
}

const bad = (message: string, field?: string): IngotError => new IngotError('E_BAD_INPUT', message, field)
const product = (shape: number[]) => shape.reduce((a, b) => a * b, 1)

/** Decodes a wire tensor, checking its size against its shape and that every value is finite. */
export function decodeTensor(t: TensorWire, field: string): Tensor {
  const n = product(t.shape)
  if (n > LIMITS.tensorElements) throw bad(`${field} has ${n} values; at most ${LIMITS.tensorElements} are allowed.`, field)
  let values: Float32Array
  if (t.data) {
    if (t.data.length !== n) throw bad(`${field} has ${t.data.length} values but its shape [${t.shape}] needs ${n}.`, field)
    values = Float32Array.from(t.data)
  } else {
    const bytes = strictBase64(t.base64!)
    if (!bytes) throw bad(`${field}.base64 is not base64.`, `${field}.base64`)
    if (bytes.length !== n * 4) throw bad(`${field} holds ${bytes.length} bytes but its shape [${t.shape}] needs ${n * 4} (float32).`, field)
    values = new Float32Array(n)
    new Uint8Array(values.buffer).set(bytes)
  }
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) throw bad(`${field} holds a NaN or infinite value at index ${i}.`, field)
  return { shape: t.shape, values }
}

/** Checks a model's weights against its specs and its topology; returns the weights' bytes. */
function checkModel(model: ModelWire, field: string): Uint8Array {
  const weights = strictBase64(model.weightsBase64)
  if (!weights) throw bad(`${field}.weightsBase64 is not base64.`, `${field}.weightsBase64`)
  const bytes = weights.length
  const declared = model.weightSpecs.reduce((s, w) => s + product(w.shape) * 4, 0)
  if (declared > LIMITS.modelBytes) throw bad(`${field} declares ${declared} bytes of weights; at most ${LIMITS.modelBytes} are allowed.`, field)
  if (bytes !== declared) throw bad(`${field}: the weights hold ${bytes} bytes but weightSpecs declare ${declared}.`, `${field}.weightsBase64`)
  if (model.format === 'tfjs-layers') {
    const problem = checkLayersTopology(model.modelTopology)
    if (problem) throw bad(`${field}.modelTopology does not parse as a tfjs layers model: ${problem}.`, `${field}.modelTopology`)
  }
  return weights
}

function zodMessage(error: z.ZodError): IngotError {
  const issue = error.issues[0]!
  const path = issue.path.join('.')
  return bad(path ? `Job bundle: ${path} ${issue.message}.` : `Job bundle: ${issue.message}.`, path || undefined)
}

/**
 * Validates a job bundle completely (shapes, values, sizes, money, deadline) so that a bad one is
 * refused before any compute, with the field to blame, and digests it. Bundles are data: nothing in
 * them runs as code.
 */
export function parseBundle(raw: unknown, now: number): ParsedBundle {
  const valid = validateBundle(raw, now)
  return { ...valid, ...digestBundle(valid.bundle) }
}

/** payload.<tensor>.base64 and payload.model.weightsBase64: three levels down, never inside a topology. */
const BASE64_FIELDS = { keys: new Set(['base64', 'weightsBase64']), depth: 3 }

/**
 * One walk of a valid bundle's canonical JSON (validateBundle decoded every base64 field strictly:
 * nothing in them needs escaping), its refusals made the bundle's, and the bundle refused over the
 * size limit — the same rule however the walk is used.
 */
function canonicalWalk<T>(walk: (o: { verbatim: typeof BASE64_FIELDS }) => T, lengthOf: (t: T) => number): T {
  let out: T
  try {
    out = walk({ verbatim: BASE64_FIELDS })
  } catch (err) {
    throw bad(`Job bundle: ${(err as Error).message}.`)
  }
  const length = lengthOf(out)
  if (length > LIMITS.bundleBytes) throw bad(`The job bundle is ${length} bytes; at most ${LIMITS.bundleBytes} are allowed.`)
  return out
}

/** The canonical JSON of a valid bundle and its digest (the market sends that text); refuses one over the size limit. */
export function digestBundle(bundle: Bundle): { canonical: string; digest: string } {
  const canonical = canonicalWalk((o) => canonicalJson(bundle, o), (c) => c.length)
  return { canonical, digest: sha256Hex(canonical) }
}

/** Refuses a valid bundle whose canonical JSON is over the size limit (what digestBundle refuses), without hashing it. */
export const checkBundleSize = (bundle: Bundle): void => void canonicalWalk((o) => canonicalLength(bundle, o), (n) => n)

/** digestBundle's digest without its text (what a node that stores the data apart needs); refuses the same bundles. */
export const bundleDigest = (bundle: Bundle): string => canonicalWalk((o) => canonicalDigest(bundle, o), (d) => d.length).digest

/** Validates a job bundle completely: everything parseBundle checks but the size of its canonical JSON (digestBundle). */
export function validateBundle(raw: unknown, now: number): ValidBundle {
  const parsed = bundleSchema.safeParse(raw)
  if (!parsed.success) throw zodMessage(parsed.error)
  const bundle = parsed.data
  const { sla, canaries } = bundle
  if (sla.deadline <= now) throw bad('Job bundle: sla.deadline has already passed.', 'sla.deadline')
  if (sla.deadline - now > LIMITS.deadlineAheadMs) throw bad('Job bundle: sla.deadline is more than 24 h away.', 'sla.deadline')
  if (sla.minAccuracy !== undefined && canaries.length === 0) throw bad('Job bundle: sla.minAccuracy needs canaries to measure it.', 'canaries')

  const inputsField = bundle.kind === 'train' ? 'payload.x' : 'payload.inputs'
  const inputs = bundle.kind === 'train' ? bundle.payload.x : bundle.payload.inputs
  if (inputs.shape.length < 2) throw bad(`Job bundle: ${inputsField} must be [items, …]: at least 2 dimensions.`, `${inputsField}.shape`)
  const items = inputs.shape[0]!
  const itemShape = inputs.shape.slice(1)
  const itemSize = product(itemShape)
  if (items > LIMITS.items) throw bad(`Job bundle: ${inputsField} has ${items} items; at most ${LIMITS.items} are allowed.`, `${inputsField}.shape`)
  if (itemSize > LIMITS.itemElements) throw bad(`Job bundle: each item of ${inputsField} has ${itemSize} values; at most ${LIMITS.itemElements} are allowed.`, `${inputsField}.shape`)
  const decoded: Decoded = { inputs: decodeTensor(inputs, inputsField) }

  let outputSize: number | null = null
  if (bundle.kind === 'matmul') {
    const w = bundle.payload.weights
    if (w.shape.length !== 2) throw bad('Job bundle: payload.weights must be a matrix [k, m].', 'payload.weights.shape')
    if (inputs.shape.length !== 2 || inputs.shape[1] !== w.shape[0]) throw bad(`Job bundle: payload.inputs [${inputs.shape}] cannot multiply payload.weights [${w.shape}]: inner sizes differ.`, 'payload.inputs.shape')
    decoded.weights = decodeTensor(w, 'payload.weights')
    outputSize = w.shape[1]!
  } else {
    const model = bundle.payload.model
    decoded.modelWeights = checkModel(model, 'payload.model')
    if (model.format === 'tfjs-layers') {
      const want = layersItemShape(model.modelTopology)
      if (!want) throw bad('Job bundle: the model\'s first layer must declare its input shape (batch_input_shape).', 'payload.model.modelTopology')
      if (want.length !== itemShape.length || want.some((d, i) => d !== null && d !== itemShape[i])) {
        throw bad(`Job bundle: the model takes items shaped [${want.map((d) => d ?? '?')}] but ${inputsField} has items shaped [${itemShape}].`, `${inputsField}.shape`)
      }
    }
  }
  if (bundle.kind === 'train') {
    if (bundle.payload.model.format !== 'tfjs-layers') throw bad('Job bundle: train jobs need a tfjs-layers model.', 'payload.model.format')
    const y = bundle.payload.y
    if (y.shape[0] !== items) throw bad(`Job bundle: payload.y has ${y.shape[0]} rows but payload.x has ${items}.`, 'payload.y.shape')
    decoded.y = decodeTensor(y, 'payload.y')
    outputSize = product(y.shape.slice(1))
  }
  canaries.forEach((c, i) => {
    if (c.input.length !== itemSize) throw bad(`Job bundle: canaries.${i}.input has ${c.input.length} values; an item has ${itemSize}.`, `canaries.${i}.input`)
    if (outputSize !== null && c.expected.length !== outputSize) throw bad(`Job bundle: canaries.${i}.expected has ${c.expected.length} values; an output has ${outputSize}.`, `canaries.${i}.expected`)
  })
  if (outputSize !== null && outputSize * (items + canaries.length) > LIMITS.tensorElements) throw bad(`Job bundle: the output would have more than ${LIMITS.tensorElements} values.`)
  const work = { items: bundle.kind === 'train' ? bundle.payload.steps * bundle.payload.batchSize : items + canaries.length, computeMs: LIMITS.runMs }
  if (maxPay(bundle.price as JobPrice, work) > BigInt(Number.MAX_SAFE_INTEGER)) throw bad('Job bundle: price.microUnits × the most work this job can do is too large to pay exactly.', 'price.microUnits')
  return { bundle, items, itemShape, outputSize, decoded }
}
