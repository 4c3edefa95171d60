import { parseArgs } from 'node:util'
import { z } from 'zod'

const argsSchema = z.object({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.coerce.number('port must be a number 0–65535').int('port must be a whole number').min(0, 'port must be 0–65535').max(65535, 'port must be 0–65535').default(7420),
  dataDir: z.string().min(1).optional(),
  allowHost: z.array(z.string().min(1)).default([]),
  /** Join this coordinator (saved in Settings, as if chosen there). */
  market: z.string().regex(/^wss?:\/\/\S+$/, 'market must be a ws:// or wss:// address').optional(),
  /** A damaged database is set aside (kept as ingot.db.damaged-<time>) and the node starts on a new one. */
  freshStart: z.boolean().default(false)
})

export type HeadlessArgs = z.infer<typeof argsSchema>

/** `--host H --port P --data-dir D --allow-host NAME… --market ws://HOST:PORT --fresh-start`; throws with a readable message. */
export function parseHeadlessArgs(argv: string[]): HeadlessArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      'allow-host': { type: 'string', multiple: true },
      market: { type: 'string' },
      'fresh-start': { type: 'boolean' }
    },
    strict: true
  })
  const parsed = argsSchema.safeParse({ host: values.host, port: values.port, dataDir: values['data-dir'], allowHost: values['allow-host'], market: values.market, freshStart: values['fresh-start'] })
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join('; '))
  return parsed.data
}
