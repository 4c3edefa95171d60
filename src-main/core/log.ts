import { join } from 'node:path'
import pino, { type Logger } from 'pino'
import pinoRoll from 'pino-roll'

export type Log = Logger

// pino-roll passes these on to its SonicBoom stream; its own type leaves them out.
const sonicBoomBufferCap = { maxLength: 4 * 1024 * 1024 } as object

export const logFileBase = (dataDir: string): string => join(dataDir, 'logs', 'ingot.log')

/** Structured JSON logs in the data dir, rolled at 10 MB, 5 files kept; written synchronously so a crash loses no line. */
export async function createFileLogger(dataDir: string, level = process.env.INGOT_LOG_LEVEL ?? 'info'): Promise<Log> {
  const stream = await pinoRoll({ file: logFileBase(dataDir), size: '10m', limit: { count: 5 }, mkdir: true, sync: true, ...sonicBoomBufferCap })
  // A full or read-only disk must not take the node down through its log: lines wait in a 4 MB buffer
  // (beyond it they are dropped), and stderr says so at most once a minute.
  let warnedAt = 0
  ;(stream as unknown as NodeJS.EventEmitter).on('error', (err: NodeJS.ErrnoException) => {
    if (Date.now() - warnedAt < 60_000) return
    warnedAt = Date.now()
    process.stderr.write(`ingot: cannot write the log in ${dataDir} (${err.code ?? err.message}); lines are lost until it can.\n`)
  })
  return pino({ level, base: { pid: process.pid } }, stream)
}

/** For tests and tools that must not write logs. */
export const silentLogger = (): Log => pino({ level: 'silent' })
