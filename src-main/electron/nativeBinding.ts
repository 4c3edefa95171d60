import { existsSync } from 'node:fs'
import { join } from 'node:path'

/** Where `npm run native:electron` puts better-sqlite3 built for an Electron ABI. */
export const electronBindingPath = (appRoot: string, abi: string): string =>
  join(appRoot, 'build', 'electron-native', `better_sqlite3-abi${abi}.node`)

/**
 * node_modules holds better-sqlite3 built for Node (tests, headless). Unpackaged Electron loads
 * the copy built for its own ABI; a packaged app ships a module rebuilt by the packager.
 */
export function sqliteBindingForElectron(appRoot: string, isPackaged: boolean, abi = process.versions.modules): string | undefined {
  if (isPackaged) return undefined
  const file = electronBindingPath(appRoot, abi)
  return existsSync(file) ? file : undefined
}
