import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { IngotError } from './errors'

/**
 * Where the node keeps its state when no Electron userData applies:
 * --data-dir, then INGOT_DATA_DIR, then $XDG_DATA_HOME/ingot (~/.local/share/ingot).
 */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return resolve(flag)
  if (env.INGOT_DATA_DIR) return resolve(env.INGOT_DATA_DIR)
  const xdg = env.XDG_DATA_HOME || join(homedir(), '.local', 'share')
  return join(xdg, 'ingot')
}

/** `--data-dir D` or `--data-dir=D` among arguments that also hold others' flags (Electron, Chromium). */
export function dataDirFlag(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    if (a === '--data-dir') return argv[i + 1]
    if (a.startsWith('--data-dir=')) return a.slice('--data-dir='.length)
  }
  return undefined
}

/**
 * Creates the data dir if needed and proves it takes a write, so a read-only or full disk is named
 * in one clear sentence at start rather than as the first failing write somewhere inside.
 */
export function ensureWritableDataDir(dir: string): void {
  const probe = join(dir, `.write-test-${process.pid}`)
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    writeFileSync(probe, 'ok')
    rmSync(probe, { force: true })
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    const why =
      code === 'EROFS' || code === 'EACCES' || code === 'EPERM'
        ? 'it is read-only for Ingot'
        : code === 'ENOSPC' || code === 'EDQUOT'
          ? 'its disk is full'
          : (err as Error).message
    throw new IngotError('E_STORAGE', `Cannot use the data directory ${dir}: ${why}. Ingot keeps its database, keys and logs there; make it writable (or free space), or choose another with --data-dir.`)
  }
}
