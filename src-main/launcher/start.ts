import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { electronBindingPath } from '../electron/nativeBinding'
import { probeElectron } from './electronProbe'

// `npm start`: the desktop app where Electron can run, otherwise the headless node, said in one line.
const appRoot = join(__dirname, '../..')
const probe = probeElectron()

if (!probe.ok) {
  process.stdout.write(`Electron can't start here: ${probe.reason}. Starting the headless node instead.\n`)
  // Computed path: the headless node is its own built entry, not bundled into the launcher.
  const headlessEntry = join(__dirname, 'headless.js')
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- runs the built headless entry in this process
  require(headlessEntry)
} else {
  const abi = readFileSync(join(probe.dir, 'abi_version'), 'utf8').trim()
  if (!existsSync(electronBindingPath(appRoot, abi))) {
    process.stdout.write('Building better-sqlite3 for Electron (first start only)…\n')
    const built = spawnSync(process.execPath, [join(__dirname, 'rebuildNative.js')], { stdio: 'inherit' })
    if (built.status !== 0) process.exit(built.status ?? 1)
  }
  const child = spawn(probe.binary, [appRoot, ...process.argv.slice(2)], { stdio: 'inherit' })
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal))
  child.on('exit', (code) => process.exit(code ?? 0))
}
