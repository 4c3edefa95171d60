import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import si from 'systeminformation'
import { createNvidiaSmiStream } from '../core/gpu/nvidiaSmiStream'
import { silentLogger } from '../core/log'
import { hostSampler } from '../core/telemetry/hostSampler'
import { machine, median, repoRoot, writeSection } from './report'

/**
 * `npm run bench:telemetry`: CPU cost of sampling GPUs the Ingot way (one long-lived nvidia-smi
 * stream) against polling systeminformation.graphics() at the same rate, each in a fresh process,
 * alternating, with the nvidia-smi stand-in (captured output of two RTX 2070) on PATH.
 */
const { values } = parseArgs({ options: { variant: { type: 'string' }, seconds: { type: 'string', default: '60' }, interval: { type: 'string', default: '1000' }, rounds: { type: 'string', default: '2' } } })
const seconds = Number(values.seconds)
const intervalMs = Number(values.interval)
const fixtureBin = join(repoRoot, 'e2e', 'fixtures', 'bin')
const LOOP_RESOLUTION_MS = 50

/** CPU ms of this process and its reaped children, from /proc (Linux). */
function cpuMs(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ')
  const ticks = [11, 12, 13, 14].reduce((a, i) => a + Number(fields[i]), 0)
  return (ticks * 1000) / 100
}

async function runVariant(variant: string): Promise<void> {
  // A coarse resolution: the monitor's own timer wakeups would otherwise add to the CPU measured.
  // Its histogram includes the resolution itself, so stalls are reported beyond it.
  const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS })
  loop.enable()
  let samples = 0
  const start = cpuMs()
  const until = Date.now() + seconds * 1000
  if (variant === 'ingot' || variant === 'ingot+host') {
    const stream = createNvidiaSmiStream({ intervalMs, log: silentLogger(), onReading: () => void samples++, onStatus: () => {} })
    stream.start()
    const sampleHost = hostSampler()
    const host = variant === 'ingot+host' ? setInterval(() => void sampleHost(Date.now()).then(() => samples++), intervalMs) : null
    await new Promise((r) => setTimeout(r, until - Date.now()))
    if (host) clearInterval(host)
    await stream.stop()
  } else {
    while (Date.now() < until) {
      const t = Date.now()
      const g = await si.graphics()
      samples += g.controllers.length
      await new Promise((r) => setTimeout(r, Math.max(0, intervalMs - (Date.now() - t))))
    }
  }
  loop.disable()
  const beyond = (ns: number) => Math.max(0, ns / 1e6 - LOOP_RESOLUTION_MS)
  process.stdout.write(JSON.stringify({ variant, cpuMs: cpuMs() - start, samples, loopMaxMs: beyond(loop.max), loopP99Ms: beyond(loop.percentile(99)) }) + '\n')
}

function main(): void {
  const variants = ['ingot', 'si.graphics', 'ingot+host']
  const results = new Map<string, { cpuMs: number; samples: number; loopMaxMs: number; loopP99Ms: number }[]>()
  for (let round = 0; round < Number(values.rounds); round++) {
    for (const variant of variants) {
      const run = spawnSync(process.execPath, [__filename, '--variant', variant, '--seconds', String(seconds), '--interval', String(intervalMs)], {
        encoding: 'utf8',
        env: { ...process.env, PATH: `${fixtureBin}:${process.env.PATH}` }
      })
      const line = run.stdout.trim().split('\n').at(-1) ?? ''
      if (run.status !== 0 || !line.startsWith('{')) throw new Error(`variant ${variant} failed: ${run.stderr}`)
      const r = JSON.parse(line)
      process.stdout.write(`round ${round + 1} ${variant}: ${r.cpuMs} ms CPU, ${r.samples} GPU readings, event loop max ${r.loopMaxMs.toFixed(1)} ms\n`)
      results.set(variant, [...(results.get(variant) ?? []), r])
    }
  }
  const row = (v: string) => {
    const rs = results.get(v)!
    const cpu = median(rs.map((r) => r.cpuMs))
    const n = median(rs.map((r) => r.samples))
    return { cpu, n, perSecond: cpu / seconds, loopMax: median(rs.map((r) => r.loopMaxMs)), loopP99: median(rs.map((r) => r.loopP99Ms)) }
  }
  const ingot = row('ingot')
  const poll = row('si.graphics')
  const full = row('ingot+host')
  const ratio = poll.cpu / ingot.cpu
  const fmt = (x: number, d = 0) => x.toFixed(d)
  writeSection(
    'telemetry',
    `
### Sampling cost: nvidia-smi stream vs polling \`si.graphics()\`

\`npm run bench:telemetry\` — ${machine()}; ${seconds} s per run at one reading per ${intervalMs} ms, ${values.rounds} alternating rounds, each run in a fresh process; CPU = user + system of the process and its children (\`/proc/self/stat\`); medians. nvidia-smi is the stand-in from \`e2e/fixtures/bin\` (a Node script printing captured output of two GeForce RTX 2070), so a spawn costs a Node start-up here, not a driver query.

| variant | CPU over the run | CPU per second sampled | GPU readings | event-loop stall p99 / max |
| --- | ---: | ---: | ---: | ---: |
| Ingot: one \`nvidia-smi -lms\` stream | ${fmt(ingot.cpu)} ms | ${fmt(ingot.perSecond, 1)} ms | ${fmt(ingot.n)} | ${fmt(ingot.loopP99, 1)} / ${fmt(ingot.loopMax, 1)} ms |
| polling \`si.graphics()\` | ${fmt(poll.cpu)} ms | ${fmt(poll.perSecond, 1)} ms | ${fmt(poll.n)}¹ | ${fmt(poll.loopP99, 1)} / ${fmt(poll.loopMax, 1)} ms |
| Ingot stream + CPU/RAM sampling (the node's sampling; its 5 s process poll and 2 s flushes are not included) | ${fmt(full.cpu)} ms | ${fmt(full.perSecond, 1)} ms | ${fmt(full.n)}² | ${fmt(full.loopP99, 1)} / ${fmt(full.loopMax, 1)} ms |

¹ systeminformation runs \`lspci\` and then nvidia-smi (synchronously, blocking the event loop) on every call; on a machine whose lspci lists no display controller it merges the nvidia-smi answer into nothing, but the cost is the same. ² GPU and host readings. Event-loop stall: how late a 50 ms timer fired, beyond its 50 ms (\`monitorEventLoopDelay\`).

**Polling costs ${fmt(ratio, 1)}× the CPU of the stream** (goal: ≥ 20×).
`
  )
}

if (values.variant) void runVariant(values.variant)
else main()
