import { homedir } from 'node:os'
import { join, resolve } from 'node:path'

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
