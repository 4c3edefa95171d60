import type { z } from 'zod'
import type { Envelope, Method } from '../../../src-preload/contract'
import { IngotError } from '../errors'
import type { Log } from '../log'
import { storageError, type StorageHealth } from '../db/storageHealth'
import { argSchemas } from './argSchemas'
import type { Handlers } from './handlers'

export type Dispatch = (method: string, args: unknown) => Promise<Envelope<unknown>>

const isMethod = (m: string): m is Method => Object.hasOwn(argSchemas, m)

/**
 * Calls that add to what the node stores. While the disk is in trouble they are refused at once:
 * the room left is kept for work already acknowledged, and "nothing was changed" holds even where a
 * write would still fit into room SQLite's log happens to hold.
 */
const addsToStore = new Set<Method>(['settings.update', 'jobs.submit', 'bench.run'])

/** Validates a call from any transport, runs its handler, and never lets a stack trace out. */
export function createDispatch(handlers: Handlers, log: Log, storage?: Pick<StorageHealth, 'report' | 'current'>): Dispatch {
  return async (method, args) => {
    try {
      if (!isMethod(method)) throw new IngotError('E_UNKNOWN_METHOD', `Unknown method "${method}".`)
      if (!Array.isArray(args)) throw new IngotError('E_BAD_INPUT', 'Arguments must be a JSON array.')
      const parsed = argSchemas[method].safeParse(args)
      if (!parsed.success) throw badInput(method, parsed.error, args.length)
      const trouble = storage?.current()
      if (trouble && addsToStore.has(method)) throw storageError(trouble.problem)
      const handler = handlers[method] as (...a: unknown[]) => Promise<unknown>
      return { ok: true, value: await handler(...parsed.data) }
    } catch (err) {
      if (err instanceof IngotError) return { ok: false, error: err.toBody() }
      if (storage?.report(err)) return { ok: false, error: storageError(storage.current()!.problem).toBody() }
      log.error({ err, method }, 'handler failed')
      return { ok: false, error: { code: 'E_INTERNAL', message: `${method} failed unexpectedly; details are in the log.` } }
    }
  }
}

/** The first problem, named by field, e.g. "telemetryIntervalMs: must be at least 250 ms". */
export function badInput(method: string, error: z.ZodError, given = 0): IngotError {
  const issue = error.issues[0]
  if (!issue) return new IngotError('E_BAD_INPUT', `Invalid arguments for ${method}.`)
  // Path starts with the argument index; a field name reads better than "0.theme".
  const path = issue.path.slice(1).map(String)
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => [...path, k].join('.'))
    return new IngotError('E_BAD_INPUT', `${keys.join(', ')}: unknown setting${keys.length > 1 ? 's' : ''} for ${method}.`, keys[0])
  }
  if (issue.path.length === 0 && issue.code === 'too_big' && issue.origin === 'array') {
    return new IngotError('E_BAD_INPUT', `${method} takes at most ${String(issue.maximum)} argument(s); ${given} given.`)
  }
  if (issue.path.length === 0 && issue.code === 'too_small' && issue.origin === 'array') {
    return new IngotError('E_BAD_INPUT', `${method} needs ${String(issue.minimum)} argument(s); ${given} given.`)
  }
  const field = path.join('.')
  const where = field || (issue.path.length > 0 ? `argument ${String(issue.path[0])}` : 'arguments')
  return new IngotError('E_BAD_INPUT', `${where}: ${issue.message}`, field || undefined)
}
