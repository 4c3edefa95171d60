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
