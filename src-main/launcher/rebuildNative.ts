import { spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { electronBindingPath } from '../electron/nativeBinding'

/**
 * `npm run native:electron`: builds better-sqlite3 against Electron's headers into build/,
 * leaving node_modules (built for Node: tests, headless) untouched.
 */
const appRoot = join(__dirname, '../..')
const electronDir = dirname(require.resolve('electron/package.json'))
const electronVersion = (JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')) as { version: string }).version
const abi = readFileSync(join(electronDir, 'abi_version'), 'utf8').trim()
const source = dirname(require.resolve('better-sqlite3/package.json'))
const work = mkdtempSync(join(tmpdir(), 'ingot-native-'))

try {
  cpSync(source, work, { recursive: true, filter: (p) => !p.startsWith(join(source, 'build')) })
  const nodeGyp = require.resolve('node-gyp/bin/node-gyp.js')
  const result = spawnSync(
    process.execPath,
    [nodeGyp, 'rebuild', '--release', `--target=${electronVersion}`, '--runtime=electron', '--dist-url=https://electronjs.org/headers'],
    { cwd: work, stdio: 'inherit', env: { ...process.env, npm_config_nodedir: '' } }
  )
  if (result.status !== 0) {
    process.stderr.write(`Building better-sqlite3 for Electron ${electronVersion} failed (it needs Electron's headers from the network).\n`)
    process.exit(result.status ?? 1)
  }
  const target = electronBindingPath(appRoot, abi)
  mkdirSync(dirname(target), { recursive: true })
  cpSync(join(work, 'build', 'Release', 'better_sqlite3.node'), target)
  process.stdout.write(`better-sqlite3 for Electron ${electronVersion} (ABI ${abi}) → ${target}\n`)
} finally {
  rmSync(work, { recursive: true, force: true })
}
