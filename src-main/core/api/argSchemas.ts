import { z } from 'zod'
import type { Method } from '../../../src-preload/contract'
import { settingsPatchSchema } from '../settings/schema'

const none = z.tuple([])

/** The arguments each contract method accepts, checked once in the core for every transport. */
export const argSchemas = {
  'app.info': none,
  'settings.get': none,
  'settings.update': z.tuple([settingsPatchSchema]),
  'settings.history': z.tuple([
    z.object({ limit: z.number().int().min(1, 'must be at least 1').max(500, 'must be at most 500').optional() }).strict().optional()
  ]),
  'node.status': none,
  'node.pause': none,
  'node.resume': none
} satisfies Record<Method, z.ZodType<unknown[]>>
