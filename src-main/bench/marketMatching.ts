import { randomBytes } from 'node:crypto'
import { matmulBundle } from '../core/jobs/test/bundles'
import { silentLogger } from '../core/log'
import { createEngine } from '../core/market/engine'
import { createReplayGuard, openMessage, signMessage, type Opened } from '../core/market/envelope'
import { ephemeralSigner } from '../core/market/marketHost'
import type { Hello } from '../core/market/protocol'
import { generateSealKey } from '../core/market/seal'
import { machine, median, writeSection } from './report'

const NODES = 100
const OFFERS = 300
const RUNS = 3

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

/**
 * One run: 100 simulated nodes joined to the engine; OFFERS offers posted (each bundle validated in
 * full), every node bids on every offer, windows close, each offer is awarded (node bundle built
 * through the node's own parser, canaries hidden, sealed to the winner's X25519 key). With `signed`,
 * every bid also travels as a signed frame and is verified (Ed25519, time, nonce) as on the wire.
 */
function run(signed: boolean): { offersPerSec: number; awardMs: number[] } {
  let t = Date.now()
  const awards: number[] = []
  let lastAward = 0
  const engine = createEngine({ now: () => t, log: silentLogger(), bidWindowMs: 1000, send: (_, type) => void (type === 'award' && awards.push(performance.now() - lastAward)) })
  const nodes = Array.from({ length: NODES }, () => {
    const s = ephemeralSigner()
    const hello: Hello = { nodeKey: s.publicKeyPem, sealKey: generateSealKey().publicKeyB64, region: 'any', backend: 'wasm', gpus: [], bench: null, capacity: 64, version: 'bench' }
    engine.join(s.keyId, hello)
    return s
  })
  const guard = createReplayGuard()
  const bundles = Array.from({ length: OFFERS }, (_, i) => matmulBundle(t, { n: 32, k: 16, m: 8, canaries: 2, seed: i, price: { microUnits: 100_000 } }))
  let busy = 0
  const timed = (f: () => void) => {
    const s0 = performance.now()
    f()
    busy += performance.now() - s0
  }
  for (const bundle of bundles) {
    let offerId = ''
    timed(() => (offerId = engine.post({ bundle, title: 'bench' }).offerId))
    const bids = nodes.map((n, i) => ({ n, body: { offerId, priceMicro: 1000 + ((i * 7919) % 50_000), predicted: { runMs: 5 + (i % 17), latencyMsP95: 1, throughputPerSec: 1000 } } }))
    // The nodes' signing is their cost, not the market's: frames are made outside the timing.
    const frames = signed ? bids.map(({ n, body }) => JSON.stringify(signMessage('bid', body, n, t))) : []
    timed(() => {
      for (const [i, { n, body }] of bids.entries()) {
        if (signed) {
          const m = openMessage(frames[i]!, engine.keyOf, guard, t)
          if (!m.ok) throw new Error(m.reason)
          engine.receive(m)
        } else engine.receive({ ok: true, type: 'bid', from: n.keyId, body, nonce: randomBytes(16).toString('hex'), ts: t } as Opened)
      }
    })
  }
  t += 1001
  lastAward = performance.now()
  // Award latency: from the window closing (the tick) to each award message, in award order.
  timed(() => engine.tick())
  const total = busy
  if (awards.length !== OFFERS) throw new Error(`${awards.length} awards for ${OFFERS} offers`)
  const perAward = awards.map((a, i) => (i === 0 ? a : a - awards[i - 1]!))
  return { offersPerSec: (OFFERS * 1000) / total, awardMs: perAward }
}

function main(): void {
  const results = { engine: [] as ReturnType<typeof run>[], signed: [] as ReturnType<typeof run>[] }
  run(false) // warm-up
  for (let i = 0; i < RUNS; i++) {
    results.engine.push(run(false))
    results.signed.push(run(true))
  }
  const row = (name: string, rs: ReturnType<typeof run>[]) => {
    const award = rs.flatMap((r) => r.awardMs).sort((a, b) => a - b)
    return `| ${name} | **${median(rs.map((r) => r.offersPerSec)).toFixed(0)}** | ${(NODES * median(rs.map((r) => r.offersPerSec))).toFixed(0)} | ${median(award).toFixed(2)} ms | ${percentile(award, 95).toFixed(2)} ms |`
  }
  writeSection(
    'market',
    `### Market matching (${new Date().toISOString().slice(0, 10)}, ${machine()})

\`npm run bench:market\`. The matching engine in-process with ${NODES} simulated nodes, all bidding on
each of ${OFFERS} offers (small matmul bundles with hidden canaries): post (full bundle validation),
${NODES} bids per offer, window close, scoring, award (the node's bundle rebuilt through the node's
parser and sealed with X25519 + AES-256-GCM to the winner). The market's own time is counted; the
nodes' signing of their frames is not. Medians of ${RUNS} runs, side by side in one process.

| path | offers/s | bids/s | award latency (median) | award latency (p95) |
|---|---:|---:|---:|---:|
${row('engine (bids handed in decoded)', results.engine)}
${row('wire (every bid a signed frame, verified)', results.signed)}

Award latency is the time from the bid window closing to the award message for that offer, per
offer; with every window closing at once it is the cost of one award (score, rebuild, seal).
Verifying bids' Ed25519 signatures is the largest cost on the wire path: a coordinator with
${NODES} nodes bidding on everything clears the rate above; nodes that skip offers they cannot
serve (most do) leave it more.`
  )
}

main()
