import { z } from 'zod'
import type { Method } from '../../../src-preload/contract'
import { settingsPatchSchema } from '../settings/schema'
import { metricNames } from '../telemetry/metrics'

const none = z.tuple([])
const jobId = z.string('must be a job id').uuid('must be a job id')
const limit = (max: number) => z.number('must be a number').int('must be a whole number').min(1, 'must be at least 1').max(max, `must be at most ${max}`).optional()
const time = z.number('must be a time in ms since epoch').int('must be whole milliseconds').min(0, 'must not be negative')

/** The arguments each contract method accepts, checked once in the core for every transport. */
export const argSchemas = {
  'app.info': none,
  'app.update': none,
  'settings.get': none,
  'settings.update': z.tuple([settingsPatchSchema]),
  'settings.history': z.tuple([
    z
      .object({ limit: z.number('must be a number').int('must be a whole number').min(1, 'must be at least 1').max(500, 'must be at most 500').optional() })
      .strict()
      .optional()
  ]),
  'node.status': none,
  'node.onboarding': none,
  'node.setOnboarding': z.tuple([z.enum(['done', 'skipped'], "must be 'done' or 'skipped'")]),
  'node.pause': z.tuple([
    z
      .object({ forMinutes: z.number('must be a number of minutes').int('must be whole minutes').min(1, 'must be at least 1 minute').max(7 * 24 * 60, 'must be at most a week').optional(), untilTomorrow: z.literal(true).optional() })
      .strict()
      .refine((o) => !(o.forMinutes && o.untilTomorrow), 'give forMinutes or untilTomorrow, not both')
      .optional()
  ]),
  'node.resume': none,
  'node.heavyApps': none,
  'node.history': z.tuple([z.object({ limit: limit(500) }).strict().optional()]),
  'gpu.list': none,
  'gpu.rescan': none,
  'gpu.processes': none,
  'telemetry.latest': none,
  'telemetry.query': z.tuple([
    z
      .object({
        device: z.string().min(1, 'must name a device').max(200),
        metric: z.enum(metricNames, `must be one of ${metricNames.join(', ')}`),
        from: time,
        to: time
      })
      .strict()
      .refine((q) => q.from < q.to, { message: 'must be before to', path: ['from'] })
  ]),
  'telemetry.energy': z.tuple([z.object({ from: time, to: time }).strict().refine((q) => q.from < q.to, { message: 'must be before to', path: ['from'] })]),
  'bench.run': z.tuple([z.object({ mode: z.enum(['quick', 'full'], 'must be quick or full').optional() }).strict().optional()]),
  'bench.cancel': z.tuple([z.string('must be a run id').uuid('must be a run id')]),
  'bench.history': z.tuple([
    z
      .object({ limit: z.number('must be a number').int('must be a whole number').min(1, 'must be at least 1').max(200, 'must be at most 200').optional() })
      .strict()
      .optional()
  ]),
  'bench.backend': none,
  'bench.model': none,
  // The bundle is checked in full by jobs/bundle.ts, which names the field to blame.
  'jobs.submit': z.tuple([z.unknown()]),
  'jobs.list': z.tuple([
    z
      .object({
        state: z.enum(['queued', 'running', 'done', 'failed', 'cancelled'], 'must be a job state').optional(),
        kind: z.enum(['inference', 'matmul', 'train'], 'must be inference, matmul or train').optional(),
        met: z.boolean('must be true or false').optional(),
        from: time.optional(),
        to: time.optional(),
        limit: limit(500)
      })
      .strict()
      .optional()
  ]),
  'jobs.get': z.tuple([jobId]),
  'jobs.cancel': z.tuple([jobId]),
  'jobs.result': z.tuple([jobId]),
  'ledger.entries': z.tuple([z.object({ limit: limit(1000), beforeSeq: z.number().int().min(1).optional() }).strict().optional()]),
  'ledger.verify': none,
  'earnings.summary': none,
  'earnings.csv': none,
  'sla.summary': z.tuple([z.object({ days: z.number('must be a number').int('must be a whole number').min(1, 'must be at least 1').max(365, 'must be at most 365').optional() }).strict().optional()]),
  'identity.get': none,
  'market.status': none,
  'market.offers': z.tuple([z.object({ limit: limit(1000), decision: z.enum(['bid', 'skip'], 'must be bid or skip').optional() }).strict().optional()]),
  'market.estimate': none,
  'market.settlements': z.tuple([z.object({ limit: limit(500) }).strict().optional()]),
  'market.why': z.tuple([z.object({ hours: z.number('must be a number of hours').int('must be whole hours').min(1, 'must be at least 1').max(24 * 90, 'must be at most 2160 (90 days)').optional() }).strict().optional()])
} satisfies Record<Method, z.ZodType<unknown[]>>
