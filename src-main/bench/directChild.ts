import { z } from 'zod'
import type { BackendId } from '../core/compute/backendChoice'
import { tfjsLoaders } from '../core/compute/tfjsLoaders'
import { WORKLOADS, type Workload } from './jobWorkloads'

/**
 * `bench:jobs`' direct side: the same computation as a job, without the pipeline, in a process of its
 * own that does nothing else — as the compute runner is. In the bench's own process the direct runs
 * shared a heap with the node, whose garbage (megabytes of bundles per job) slowed them and flattered
 * the pipeline. It also echoes bytes, to time what crossing a process boundary costs on this machine.
 */
const askSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('load'), backend: z.enum(['tensorflow-gpu', 'tensorflow-cpu', 'wasm', 'cpu']), workload: z.enum(Object.keys(WORKLOADS) as [keyof typeof WORKLOADS]) }),
  z.object({ type: z.literal('run') }),
  z.object({ type: z.literal('echo'), data: z.instanceof(Uint8Array), replyBytes: z.number().int().nonnegative() })
])

let workload: Workload | null = null

async function answer(raw: unknown): Promise<unknown> {
  const ask = askSchema.parse(raw)
  if (ask.type === 'load') {
    await tfjsLoaders[ask.backend as BackendId]()
    workload = await WORKLOADS[ask.workload]()
    return workload.direct()
  }
  if (ask.type === 'run') {
    if (!workload) throw new Error('no workload loaded')
    return workload.direct()
  }
  // The data arrived whole (it was deserialised to be parsed); the answer is the size of the job's outputs.
  return new Uint8Array(ask.replyBytes)
}

process.on('message', (raw) => {
  answer(raw).then(
    (value) => process.send!({ ok: true, value }),
    (err: unknown) => process.send!({ ok: false, error: (err as Error).stack ?? String(err) })
  )
})
