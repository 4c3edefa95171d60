import { z } from 'zod'

/** Work the runner can do. */
export const taskSchema = z.discriminatedUnion('kind', [
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
  z.object({ type: z.literal('error'), id: z.string(), code: z.enum(['E_CANCELLED', 'E_WRONG_RESULT', 'E_BAD_INPUT', 'E_INTERNAL']), message: z.string(), memory: memorySchema.optional() }),
  z.object({ type: z.literal('fatal'), message: z.string() })
])
export type FromRunner = z.infer<typeof fromRunnerSchema>
