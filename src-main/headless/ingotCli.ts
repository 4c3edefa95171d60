import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import type { EarningsSummary, Envelope, GpuInfo, JobDetail, JobSummary, MarketStatus, NodeStatus, SlaSummary } from '../../src-preload/contract'
import { databaseFile } from '../core/db/open'
import { resolveDataDir } from '../core/dataDir'
import { makeMnistJob } from '../core/jobs/mnistJob'
import { currencyName, microToDecimal } from '../core/ledger/earnings'
import { verifyLedgerFile } from '../core/ledger/ledger'

const usage = `Usage: npm run ingot -- <command> [options]

  submit <job.json | ->      queue a job bundle on the running node (--wait: until it ends)
  status                     the node: what it is doing and why, GPUs, market, today's earnings, SLA compliance
  status <job id>            state, progress, SLA verdict and pay of a job
  result <job id>            the job's outputs as JSON (--out FILE to write them to a file)
  list                       recent jobs
  ledger verify              recompute the ledger's hash chain (works with the node stopped)
  make-job mnist             write a real-model job: MNIST digits with canaries (--count N, --out FILE)

Options: --data-dir DIR (default as the node's: finds its address and token there),
--url URL with INGOT_TOKEN for a node elsewhere.`

const { values, positionals } = parseArgs({
  args: process.argv.slice(2),
  allowPositionals: true,
  options: {
    'data-dir': { type: 'string' },
    url: { type: 'string' },
    out: { type: 'string' },
    count: { type: 'string' },
    wait: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' }
  }
})
const dataDir = resolveDataDir(values['data-dir'])

function fail(message: string, code = 2): never {
  process.stderr.write(`ingot: ${message}\n`)
  process.exit(code)
}

function readIfExists(file: string): string | null {
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : null
}

const loopback = (url: string): boolean => {
  try {
    return ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname)
  } catch {
    return false
  }
}

/** Where the node is and its token. The data dir's token only ever goes to the loopback address it names. */
function target(): { url: string; token: string } {
  const given = values.url ?? process.env.INGOT_URL
  if (given) {
    if (!process.env.INGOT_TOKEN) fail('with --url or INGOT_URL, set INGOT_TOKEN too: the token in the data dir is only sent to the node that wrote it.')
    return { url: given, token: process.env.INGOT_TOKEN }
  }
  const url = readIfExists(join(dataDir, 'headless-address'))
  if (!url) fail(`no running node found in ${dataDir} (no headless-address): start one with npm run headless, or pass --data-dir.`)
  if (!loopback(url)) fail(`the node in ${dataDir} listens on ${url}, not on this machine's loopback: pass --url and INGOT_TOKEN.`)
  const token = process.env.INGOT_TOKEN || readIfExists(join(dataDir, 'headless-token'))
  if (!token) fail(`no token: set INGOT_TOKEN or point --data-dir at the node's data dir (${dataDir}).`)
  return { url, token }
}

async function call<T>(method: string, ...args: unknown[]): Promise<T> {
  const { url, token } = target()
  let res: Response
  try {
    res = await fetch(`${url}/api/${method}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: JSON.stringify(args) })
  } catch (err) {
    return fail(`cannot reach the node at ${url} (${(err as Error).cause ?? (err as Error).message}). Is it running? Start it with npm run headless.`)
  }
  const body = (await res.json()) as Envelope<T>
  if (!body.ok) fail(`${body.error.code}: ${body.error.message}`, 1)
  return body.value
}

const money = (micro: number | null, currency: string) => (micro === null ? '—' : `${microToDecimal(micro)} ${currencyName(currency)}`)

function describe(j: JobSummary | JobDetail): string {
  const lines = [`job ${j.id}: ${j.kind}, ${j.state}, ${j.progress.done}/${j.progress.total} ${j.kind === 'train' ? 'steps' : 'items'}`]
  if (j.error) lines.push(`  error: ${j.error.code}: ${j.error.message}`)
  if ('verdict' in j && j.verdict) for (const b of j.verdict.bounds) lines.push(`  ${b.met ? 'met     ' : 'BREACHED'} ${b.bound}: ${b.reason}`)
  if ('metrics' in j && j.metrics) lines.push(`  latency p50 ${j.metrics.latencyMsP50.toFixed(1)} ms, p95 ${j.metrics.latencyMsP95.toFixed(1)} ms; ${j.metrics.throughputPerSec.toFixed(1)} items/s`)
  if (j.state === 'done') lines.push(`  pay: ${money(j.payMicro, j.currency)}${'receiptValid' in j ? `; receipt signature ${j.receiptValid ? 'valid' : 'INVALID'}` : ''}`)
  return lines.join('\n')
}

/** `status` without a job: the headless rig at a glance, for an SSH session or a monitoring script. */
async function nodeSummary(): Promise<string> {
  const [status, gpus, market, earnings, sla] = await Promise.all([
    call<NodeStatus>('node.status'),
    call<GpuInfo[]>('gpu.list'),
    call<MarketStatus>('market.status'),
    call<EarningsSummary>('earnings.summary'),
    call<SlaSummary>('sla.summary', { days: 30 })
  ])
  const today = earnings.periods.find((p) => p.period === 'today')?.totals ?? []
  const lines = [`${status.activity.toUpperCase()}: ${status.line}`]
  lines.push(gpus.length ? `GPUs: ${gpus.map((g) => `${g.name}${g.vramMiB ? ` (${Math.round(g.vramMiB / 1024)} GiB)` : ''}`).join(', ')}` : 'GPUs: none found — computing on the CPU')
  lines.push(`Market: ${market.mode === 'off' ? 'off' : `${market.mode === 'embedded' ? 'embedded demo market' : market.market}, ${market.state}`}; since start ${market.offersSeen} offers seen, ${market.won} won, ${market.settled} settled`)
  lines.push(`Today: ${today.length ? today.map((t) => `${money(t.netMicro, t.currency)} net over ${t.jobs} job${t.jobs === 1 ? '' : 's'}`).join('; ') : 'nothing earned yet'}`)
  lines.push(`SLA compliance (30 days): ${sla.compliancePct === null ? 'no jobs yet' : `${sla.compliancePct.toFixed(1)} % of ${sla.jobs} jobs`}`)
  return lines.join('\n')
}

async function main(): Promise<void> {
  const [command, arg] = positionals
  if (values.help || !command) return void process.stdout.write(`${usage}\n`)
  if (command === 'submit') {
    if (!arg) fail('submit needs a job file (or - for standard input).')
    const text = arg === '-' ? readFileSync(0, 'utf8') : readFileSync(arg, 'utf8')
    let bundle: unknown
    try {
      bundle = JSON.parse(text)
    } catch {
      fail(`${arg} is not valid JSON.`)
    }
    let job: JobSummary | JobDetail = await call<JobSummary>('jobs.submit', bundle)
    process.stdout.write(`queued ${job.id}\n`)
    if (values.wait) {
      while (job.state === 'queued' || job.state === 'running') {
        await new Promise((r) => setTimeout(r, 250))
        job = await call<JobDetail>('jobs.get', job.id)
      }
      job = await call<JobDetail>('jobs.get', job.id)
      process.stdout.write(`${describe(job)}\n`)
      if (job.state !== 'done') process.exit(1)
    }
    return
  }
  if (command === 'status' && !arg) return void process.stdout.write(`${await nodeSummary()}\n`)
  if (command === 'status') return void process.stdout.write(`${describe(await call<JobDetail>('jobs.get', arg))}\n`)
  if (command === 'result') {
    const text = JSON.stringify(await call('jobs.result', arg))
    if (values.out) writeFileSync(values.out, text)
    else process.stdout.write(`${text}\n`)
    return
  }
  if (command === 'list') {
    for (const j of await call<JobSummary[]>('jobs.list', { limit: 50 })) process.stdout.write(`${j.id}  ${j.kind.padEnd(9)} ${j.state.padEnd(9)} ${j.met === null ? '' : j.met ? 'SLA met' : 'SLA breached'}\n`)
    return
  }
  if (command === 'ledger' && arg === 'verify') {
    const file = databaseFile(dataDir)
    if (!existsSync(file)) fail(`no database at ${file}; pass --data-dir.`)
    const v = verifyLedgerFile(file)
    if (v.ok) return void process.stdout.write(`ledger ok: ${v.rows} rows, head ${v.headHash ?? '(empty)'}\n`)
    process.stdout.write(`ledger BROKEN at row ${v.firstBad!.seq}: ${v.firstBad!.reason}\n`)
    process.exit(1)
  }
  if (command === 'make-job' && arg === 'mnist') {
    const count = values.count === undefined ? undefined : Number(values.count)
    if (count !== undefined && !(Number.isInteger(count) && count > 0)) fail('--count must be a whole number above 0.')
    const text = JSON.stringify(makeMnistJob({ now: Date.now(), count }))
    if (values.out) writeFileSync(values.out, text)
    else process.stdout.write(`${text}\n`)
    return
  }
  fail(`unknown command "${positionals.join(' ')}".\n${usage}`)
}

main().catch((err: unknown) => fail(err instanceof Error ? err.message : String(err), 1))
