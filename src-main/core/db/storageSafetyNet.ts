import type { EventEmitter } from 'node:events'
import type { Log } from '../log'

/**
 * The shells' last line: a storage fault that escaped every guard (a write in a timer or a promise
 * chain no one awaited) pauses the node through storageHealth instead of ending the process. Any
 * other uncaught error still ends it, logged, as Node would (systemd or the desktop restarts it).
 */
export function installStorageSafetyNet(proc: EventEmitter, report: (err: unknown) => boolean, log: Log, exit: (code: number) => void): () => void {
  const onError = (err: unknown) => {
    if (report(err)) return
    log.fatal({ err }, 'uncaught error; exiting')
    process.stderr.write(`ingot: crashed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`)
    exit(1)
  }
  proc.on('uncaughtException', onError)
  proc.on('unhandledRejection', onError)
  return () => {
    proc.off('uncaughtException', onError)
    proc.off('unhandledRejection', onError)
  }
}
