import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { databaseFile, openDatabase } from '../core/db/open'
import { createTelemetryQuery } from '../core/telemetry/query'
import { createRollup, DAY_MS, MINUTE_MS } from '../core/telemetry/rollup'
import { createSampleStore, HOUR_MS } from '../core/telemetry/sampleStore'
import { machine, median, writeSection } from './report'

/**
 * `npm run bench:storage`: 30 days of 8 GPUs sampled every second, written through the real sample
 * store, rollups and retention with a simulated clock; then the database size and query times.
 */
const { values } = parseArgs({ options: { days: { type: 'string', default: '30' }, gpus: { type: 'string', default: '8' }, flush: { type: 'string', default: '10' } } })
const days = Number(values.days)
const gpus = Number(values.gpus)
const flushEverySeconds = Number(values.flush)

const dir = mkdtempSync(join(tmpdir(), 'ingot-bench-storage-'))
const { db } = openDatabase(dir)
const store = createSampleStore(db, { maxGapMs: () => 5000 })
const rollup = createRollup(db)
const query = createTelemetryQuery(db)
const T0 = Date.UTC(2026, 9, 1)
const end = T0 + days * DAY_MS
const uuids = Array.from({ length: gpus }, (_, i) => `GPU-bench-0000-0000-0000-${String(i).padStart(12, '0')}`)

const started = performance.now()
let lastReport = started
const tickMs: number[] = []
for (let t = T0, s = 0; t < end; t += 1000, s++) {
  for (let g = 0; g < gpus; g++) {
    // A plausible day: load follows the clock, with per-second jitter.
    const load = 0.5 + 0.4 * Math.sin((2 * Math.PI * (t % DAY_MS)) / DAY_MS + g) + 0.1 * Math.sin(s * 0.37 + g)
    const util = Math.max(0, Math.min(100, Math.round(load * 100)))
    store.add(
      {
        device: uuids[g]!,
        ts: t,
        values: { utilGpu: util, utilMem: Math.round(util * 0.6), memUsedMiB: 2000 + util * 150, memTotalMiB: 24576, tempC: 35 + Math.round(util * 0.4), powerW: Math.round((30 + util * 3.2) * 100) / 100, powerLimitW: 350, fanPct: 30 + Math.round(util * 0.5), smClockMHz: 300 + util * 18, memClockMHz: 9501, pstate: util > 10 ? 2 : 8 },
        throttle: util > 95 ? ['sw_power_cap'] : []
      },
      'gpu',
      'Simulated GPU'
    )
  }
  if (s % flushEverySeconds === flushEverySeconds - 1) {
    store.flush()
    const tickStart = performance.now()
    rollup.tick(t)
    tickMs.push(performance.now() - tickStart)
  }
  if (performance.now() - lastReport > 10_000) {
    lastReport = performance.now()
    process.stdout.write(`… day ${((t - T0) / DAY_MS).toFixed(1)} of ${days}\n`)
  }
}
store.flush()
while (rollup.tick(end + MINUTE_MS)) {
  // settle the last slices
}
const writeSeconds = (performance.now() - started) / 1000
db.pragma('wal_checkpoint(TRUNCATE)')
const dbBytes = statSync(databaseFile(dir)).size
const rows = (table: string) => (db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number).toLocaleString('en')
const counts = `${rows('samples_raw')} / ${rows('samples_1m')} / ${rows('samples_1h')}`

const timeQuery = (from: number, to: number) => {
  const times: number[] = []
  let points = 0
  let resolution = ''
  for (let i = 0; i < 21; i++) {
    const a = performance.now()
    const s = query.series({ device: uuids[3]!, metric: 'powerW', from, to }, end)
    times.push(performance.now() - a)
    points = s.t.length
    resolution = s.resolution
  }
  return { ms: median(times.slice(1)), points, resolution }
}
const q30d = timeQuery(end - 30 * DAY_MS, end)
const q7d = timeQuery(end - 7 * DAY_MS, end)
const q24h = timeQuery(end - DAY_MS, end)
const q1h = timeQuery(end - HOUR_MS, end)
db.close()
rmSync(dir, { recursive: true, force: true })

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!
}
const mb = (b: number) => (b / 1e6).toFixed(1)
writeSection(
  'storage',
  `
### Telemetry storage: ${days} days × ${gpus} GPUs at 1 s

\`npm run bench:storage\` — ${machine()}. ${(days * 86400 * gpus / 1e6).toFixed(1)} M samples written through the real sample store (a transaction every ${flushEverySeconds} s of simulated time), 1-minute and 1-hour rollups and retention (raw 48 h, 1-minute 30 days), with a simulated clock; query times are medians of 20 runs after one warm-up.

| measure | result | goal |
| --- | ---: | ---: |
| database size after ${days} days (WAL checkpointed) | **${mb(dbBytes)} MB** | ≤ 200 MB |
| rows kept: raw / 1-minute / 1-hour | ${counts} | |
| 30-day chart query (one GPU, one metric) | **${q30d.ms.toFixed(2)} ms** (${q30d.points} points, ${q30d.resolution}) | ≤ 50 ms |
| 7-day chart query | ${q7d.ms.toFixed(2)} ms (${q7d.points} points, ${q7d.resolution}) | |
| 24-hour chart query | ${q24h.ms.toFixed(2)} ms (${q24h.points} points, ${q24h.resolution}) | |
| 1-hour raw query | **${q1h.ms.toFixed(2)} ms** (${q1h.points} points, ${q1h.resolution}) | |
| rollup/retention tick (one per flush): median / p99 / max | ${median(tickMs).toFixed(2)} / ${percentile(tickMs, 0.99).toFixed(1)} / ${tickMs.reduce((a, b) => Math.max(a, b), 0).toFixed(1)} ms | |
| simulated ${days} days written in | ${writeSeconds.toFixed(0)} s | |
`
)

