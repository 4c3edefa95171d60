import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { createFileLogger } from '../core/log'
import { startCoordinator } from './coordinator'

const USAGE = `npm run coordinator -- [--port P] [--host H] [--data-dir D] [--demo-buyers] [--grace-ms MS] [--bid-window-ms MS] [--redundancy 0.1]
npm run coordinator -- post JOB.json [--title T] [--url http://HOST:P] [--data-dir D]

Runs the market for a lab: nodes join with \`npm run headless -- --market ws://HOST:P\` or the
market address in Settings; buyers post job bundles (POST /offers, token in D/coordinator-token).`

/** `post`: a buyer's offer from a job bundle file. */
async function post(file: string, values: { title?: string; url?: string; 'data-dir'?: string }): Promise<void> {
  const dataDir = values['data-dir'] ?? 'coordinator-data'
  const token = process.env.INGOT_COORDINATOR_TOKEN || readFileSync(join(dataDir, 'coordinator-token'), 'utf8').trim()
  const bundle = JSON.parse(readFileSync(file, 'utf8')) as unknown
  const res = await fetch(`${values.url ?? 'http://127.0.0.1:7070'}/offers`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ bundle, title: values.title ?? file })
  })
  const body = (await res.json()) as { ok: boolean; value?: { offerId: string; closesAt: number }; error?: { message: string } }
  if (!body.ok) throw new Error(body.error?.message ?? `HTTP ${res.status}`)
  process.stdout.write(`offer ${body.value!.offerId} posted; bids close at ${new Date(body.value!.closesAt).toISOString()}\n`)
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    options: { port: { type: 'string' }, host: { type: 'string' }, 'data-dir': { type: 'string' }, 'demo-buyers': { type: 'boolean' }, 'grace-ms': { type: 'string' }, redundancy: { type: 'string' }, 'bid-window-ms': { type: 'string' }, title: { type: 'string' }, url: { type: 'string' }, help: { type: 'boolean' } },
    allowPositionals: true,
    strict: true
  })
  if (values.help) return void process.stdout.write(`${USAGE}\n`)
  if (positionals[0] === 'post') {
    if (!positionals[1]) throw new Error('post needs a job bundle file')
    return post(positionals[1], values)
  }
  if (positionals.length) throw new Error(`unknown command ${positionals[0]}\n${USAGE}`)
  const port = Number(values.port ?? 7070)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port must be a whole number 0–65535')
  const dataDir = values['data-dir'] ?? 'coordinator-data'
  const log = await createFileLogger(dataDir)
  const ms = (v: string | undefined, name: string) => {
    if (v === undefined) return undefined
    const n = Number(v)
    if (!Number.isInteger(n) || n < 50 || n > 3_600_000) throw new Error(`--${name} must be whole milliseconds from 50 to 3600000`)
    return n
  }
  const redundancy = values.redundancy === undefined ? undefined : Number(values.redundancy)
  if (redundancy !== undefined && !(redundancy >= 0 && redundancy <= 1)) throw new Error('--redundancy must be a share from 0 to 1')
  const c = await startCoordinator({ redundancy, dataDir, port, host: values.host, log, demoBuyers: values['demo-buyers'], graceMs: ms(values['grace-ms'], 'grace-ms'), bidWindowMs: ms(values['bid-window-ms'], 'bid-window-ms') })
  process.stdout.write(`Ingot coordinator at ${c.wsUrl} (market key ${c.keyId})\nBuyers: POST ${c.httpUrl}/offers with the token in ${join(dataDir, 'coordinator-token')}. Stop with Ctrl+C.\n`)
  const stop = () => void c.stop().then(() => process.exit(0))
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((err: unknown) => {
  process.stderr.write(`coordinator: ${err instanceof Error ? err.message : String(err)}\n`)
  process.exit(1)
})
