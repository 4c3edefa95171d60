import { z } from 'zod'

const f32 = z.custom<Float32Array>((v) => v instanceof Float32Array, 'must be a Float32Array')
const dims = z.array(z.number().int().min(1)).max(6)

/** A job, decoded by the core: canaries are already mixed into the inputs, indistinguishable. */
export const jobTaskSchema = z.object({
  kind: z.literal('job'),
  jobKind: z.enum(['inference', 'matmul', 'train']),
  batchSize: z.number().int().min(1),
  itemShape: dims,
  /** Items × item size (train: x). */
  inputs: f32,
  model: z.object({ format: z.enum(['tfjs-layers', 'tfjs-graph']), modelTopology: z.record(z.string(), z.unknown()), weightSpecs: z.array(z.unknown()), weights: z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'must be bytes') }).optional(),
  /** matmul: the right-hand matrix [k, m]. */
  weights: z.object({ shape: dims, values: f32 }).optional(),
  train: z.object({ y: f32, yShape: dims, steps: z.number().int().min(1), learningRate: z.number().positive(), loss: z.enum(['categoricalCrossentropy', 'meanSquaredError']), evalInputs: f32 }).optional(),
  /** Stop with E_TIMEOUT after this long. */
  runMs: z.number().int().min(1)
})
export type JobTask = z.infer<typeof jobTaskSchema>

/** What the runner hands back for a job (checked by the core: the runner is another process). */
export const jobOutputSchema = z.object({
  /** One row per input item (train: the trained weights, flattened, as one row). */
  outputs: f32,
  outputSize: z.number().int().min(0),
  /** Rows computed, canaries included (train: examples over all steps). */
  processed: z.number().int().min(0),
  latenciesMs: z.array(z.number().nonnegative()),
  computeMs: z.number().nonnegative(),
  lossCurve: z.array(z.number().nullable()).nullable(),
  /** train: outputs of the eval inputs after training. */
  evalOutputs: f32.nullable()
})
export type JobOutput = z.infer<typeof jobOutputSchema>

/** Work the runner can do. */
export const taskSchema = z.discriminatedUnion('kind', [
  jobTaskSchema,
  z.object({ kind: z.literal('suite'), mode: z.enum(['quick', 'full']) }),
  /** One timed piece of work (the performance model's evaluation runs a mix of these). */
  z.object({ kind: z.literal('work'), op: z.enum(['matmul', 'conv2d', 'elementwise']), size: z.number().int().min(1).max(1 << 26) }),
  /** Benchmarks only: matmul in a bare loop, to see what the suite's harness costs. */
  z.object({ kind: z.literal('tightloop'), n: z.number().int().min(16).max(8192), reps: z.number().int().min(1).max(1000) }),
  /** For tests of the runner itself: spin, hang or crash on purpose. */
  z.object({ kind: z.literal('selftest'), action: z.enum(['echo', 'hang', 'crash', 'slow']), ms: z.number().int().min(0).max(60_000).optional() })
])
export type Task = z.infer<typeof taskSchema>

export const toRunnerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('run'), id: z.string().min(1), task: taskSchema }),
  z.object({ type: z.literal('cancel'), id: z.string().min(1) })
])
export type ToRunner = z.infer<typeof toRunnerSchema>

const memorySchema = z.object({ rssBytes: z.number(), heapUsedBytes: z.number(), tfTensors: z.number().nullable(), tfBytes: z.number().nullable() })
export type RunnerMemory = z.infer<typeof memorySchema>

export const fromRunnerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), diagnosis: z.unknown() }),
  z.object({ type: z.literal('heartbeat') }),
  z.object({ type: z.literal('progress'), id: z.string(), done: z.number(), total: z.number(), label: z.string() }),
  z.object({ type: z.literal('result'), id: z.string(), value: z.unknown(), memory: memorySchema }),
  z.object({ type: z.literal('error'), id: z.string(), code: z.enum(['E_CANCELLED', 'E_WRONG_RESULT', 'E_BAD_INPUT', 'E_TIMEOUT', 'E_INTERNAL']), message: z.string(), memory: memorySchema.optional() }),
  z.object({ type: z.literal('fatal'), message: z.string() })
])
export type FromRunner = z.infer<typeof fromRunnerSchema>
