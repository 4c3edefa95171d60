import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { version } from '../../package.json'
import { ensureWritableDataDir, resolveDataDir } from '../core/dataDir'
import { createCoreWithFreshStart } from '../core/freshStart'
import { installStorageSafetyNet } from '../core/db/storageSafetyNet'
import { IngotError } from '../core/errors'
import { createFileLogger } from '../core/log'
import { parseHeadlessArgs } from './args'
import { isLoopback, resolveToken, wildcard } from './auth'
import { createHttpServer } from './server'

/** `npm run headless -- [--host H] [--port P] [--data-dir D] [--market ws://HOST:PORT] [--fresh-start]`: the node without Electron. */
async function main(): Promise<void> {
  let args
  try {
    args = parseHeadlessArgs(process.argv.slice(2))
  } catch (err) {
    fail(`Bad arguments: ${(err as Error).message}`)
  }
  const dataDir = resolveDataDir(args.dataDir)
  try {
    ensureWritableDataDir(dataDir)
  } catch (err) {
    fail((err as Error).message)
  }
  const log = await createFileLogger(dataDir)
  let core
  try {
    const started = createCoreWithFreshStart({ dataDir, log, shell: 'headless', runnerFile: join(__dirname, 'computeRunner.js') }, args.freshStart)
    core = started.core
    if (started.setAside) process.stdout.write(`The damaged database was kept as ${started.setAside}; starting with a fresh one.\n`)
  } catch (err) {
    if (err instanceof IngotError) fail(err.message)
    throw err
  }
  const node = core
  installStorageSafetyNet(process, (err) => node.storageFault(err), log, (code) => process.exit(code))
  let token: string, source: string
  try {
    ;({ token, source } = resolveToken(dataDir))
  } catch (err) {
    fail((err as Error).message)
  }
  const http = createHttpServer({ core, token, log, version, staticDir: join(__dirname, '../renderer'), allowedHosts: args.allowHost })
  // Handlers go in before the URL is printed: a supervisor may stop us the moment it sees it.
  let stopping = false
  const shutdown = async (signal: string) => {
    if (stopping) return
    stopping = true
    log.info({ signal }, 'shutting down')
    await http.close()
    await core.stop()
    rmSync(join(dataDir, 'headless-address'), { force: true })
    process.exit(0)
  }
  process.on('SIGINT', () => void shutdown('SIGINT'))
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  if (args.market) {
    const set = await core.dispatch('settings.update', [{ marketMode: 'coordinator', marketUrl: args.market }])
    if (!set.ok) fail(`--market: ${set.error.message}`)
  }
  await core.start()

  let address
  try {
    address = await http.listen(args.port, args.host)
  } catch (err) {
    await core.stop()
    const code = (err as NodeJS.ErrnoException).code
    fail(code === 'EADDRINUSE' ? `Port ${args.port} is in use on ${args.host}; pick another with --port.` : `Cannot listen on ${args.host}:${args.port}: ${(err as Error).message}`)
  }
  const shownHost = wildcard.has(address.address) ? '127.0.0.1' : address.address
  const hostPart = shownHost.includes(':') ? `[${shownHost}]` : shownHost
  const tokenNote = source === 'env' ? 'token from INGOT_TOKEN' : `token kept in ${join(dataDir, 'headless-token')}`
  // The ingot CLI (submit, status, result) finds the running node here.
  writeFileSync(join(dataDir, 'headless-address'), `http://${hostPart}:${address.port}\n`, { mode: 0o600 })
  process.stdout.write(`Ingot headless node ${version} at http://${hostPart}:${address.port}/?token=${token}\n`)
  process.stdout.write(`Data: ${dataDir} (${tokenNote}). Stop with Ctrl+C.\n`)
  if (!isLoopback(address.address)) {
    process.stdout.write('Warning: the node is reachable from the network over plain HTTP; the token crosses it unencrypted. Put it behind TLS (a reverse proxy) or use an SSH tunnel.\n')
  }
  log.info({ host: address.address, port: address.port, dataDir }, 'headless node listening')
}

function fail(message: string): never {
  process.stderr.write(`ingot: ${message}\n`)
  process.exit(2)
}

main().catch((err: unknown) => {
  // One line for the person; the stack only when asked for.
  process.stderr.write(`ingot: failed to start: ${err instanceof Error ? err.message : String(err)}\n`)
  if (process.env.INGOT_DEBUG) process.stderr.write(`${(err as Error).stack}\n`)
  process.exit(1)
})
