import type { Database } from 'better-sqlite3'
import { version } from '../../../package.json'
import type { EarningsEstimate, MarketOffer, MarketStatus, WhyNoJobs } from '../../../src-preload/contract'
import type { Clock } from '../clock'
import type { BenchService } from '../compute/benchService'
import type { EventHub } from '../events'
import type { NodeKey } from '../identity/nodeKey'
import type { JobService } from '../jobs/jobService'
import type { Log } from '../log'
import type { SettingsStore } from '../settings/settingsStore'
import type { TelemetryService } from '../telemetry/telemetryService'
import { adaptShare, START_SHARE, type NodeFacts, type Pricing } from './bidPolicy'
import { tariffAt } from '../policy/tariff'
import { nodeTimeZone } from '../ledger/earnings'
import { demoOrder, nextGapMs } from './demand'
import { estimateDemoEarnings } from './estimate'
import { linkPair, type Link } from './link'
import { createMarketClient, type MarketClient } from './marketClient'
import { createMarketHost, ephemeralSigner, type MarketHost } from './marketHost'
import { createOfferLog } from './offerLog'
import type { Hello } from './protocol'
import { loadOrCreateSealKey } from './seal'
import { offeredGpus } from '../gpu/gpuSelection'
import { listOffers, whyNoJobs } from './whyNoJobs'

export interface MarketServiceOptions {
  db: Database
  dataDir: string
  clock: Clock
  log: Log
  events: EventHub
  settings: SettingsStore
  jobs: JobService
  bench: BenchService
  telemetry: TelemetryService
  key: NodeKey
  paused: () => boolean
  /** Connects to a coordinator (ws); absent where no network transport is wired (unit tests). */
  connect?: (url: string, onLink: (link: Link) => void) => { close(): void }
  /** Embedded market pacing (tests speed it up). */
  demo?: { firstOfferMs?: number; gapMs?: (rng: () => number) => number; bidWindowMs?: number; maxOpenOffers?: number }
  random?: () => number
  /** False keeps the node out of every market whatever Settings say (tests). */
  enabled?: boolean
  /** Told of writes that failed for lack of disk (db/storageHealth.ts): the node pauses rather than crash. */
  storage?: { report(err: unknown): boolean }
}

/**
 * INGOT_DEMO_PACE=max: buyers post as fast as the book clears (soak and load tests, docs/RELIABILITY.md);
 * anything else keeps the demo market's everyday pace.
 */
export function demoPaceFromEnv(env: NodeJS.ProcessEnv = process.env): MarketServiceOptions['demo'] {
  return env.INGOT_DEMO_PACE === 'max' ? { firstOfferMs: 200, gapMs: () => 50, bidWindowMs: 150, maxOpenOffers: 3 } : undefined
}

/** Market jobs this node takes at once: one running and one waiting, so the GPU never idles between awards. */
const CAPACITY = 2

/**
 * The node's market, as Settings choose it: the embedded demo market (the engine in-process, demo
 * buyers posting real workloads, the node bidding over the same signed protocol a coordinator
 * speaks), a coordinator at an address, or none.
 */
export function createMarketService(o: MarketServiceOptions) {
  const { clock, log, settings } = o
  const sealKey = loadOrCreateSealKey(o.dataDir)
  const offers = createOfferLog(o.db)
  const rng = o.random ?? Math.random
  let surplusShare = START_SHARE
  let client: MarketClient | null = null
  let embedded: { host: MarketHost; ticker: NodeJS.Timeout; next: NodeJS.Timeout | null } | null = null
  let remote: { close(): void } | null = null
  const off: MarketStatus = { mode: 'off', market: '', state: 'off', since: clock.now(), marketKeyId: null, lastError: null, offersSeen: 0, bids: 0, won: 0, lost: 0, settled: 0 }

  const latestBench = () => o.bench.history(10).find((r) => r.status === 'ok' && r.result)?.result ?? null

  const hello = (): Hello => {
    const inv = o.telemetry.currentInventory()
    const b = latestBench()
    const backend = o.bench.backend().chosen
    return {
      nodeKey: o.key.publicKeyPem,
      sealKey: sealKey.publicKeyB64,
      region: settings.get().region,
      backend: backend ?? 'unknown',
      gpus: offeredGpus(inv, settings.get()).map((g) => ({ name: g.name.slice(0, 200), vramMiB: Math.floor(((g.vramMiB ?? 0) * settings.get().vramSharePct) / 100) })),
      bench: b ? { matmulGflops: b.bestMatmul.gflops, bandwidthGbps: b.bandwidth.gbps } : null,
      capacity: CAPACITY,
      version
    }
  }

  const facts = (): NodeFacts => {
    const inv = o.telemetry.currentInventory()
    return {
      region: settings.get().region,
      // What the owner offers: their share of the largest GPU they did not keep back.
      vramMiB: Math.floor((Math.max(0, ...offeredGpus(inv, settings.get()).map((g) => g.vramMiB ?? 0)) * settings.get().vramSharePct) / 100),
      backend: o.bench.backend().chosen ?? 'unknown',
      paused: o.paused(),
      busy: 0,
      capacity: CAPACITY
    }
  }

  const pricing = (): Pricing => {
    const s = settings.get()
    // Power while working: measured over the last jobs; before any, the offered GPUs' power limit (what a
    // full load may draw) — never an idle reading, which would price work far too low. Nothing on CPU-only nodes.
    const inv = o.telemetry.currentInventory()
    const limits = offeredGpus(inv, s).map((g) => g.powerLimitW?.enforced ?? g.powerLimitW?.default ?? null)
    const fallback = limits.every((w): w is number => w !== null) && limits.length ? limits.reduce((a, b) => a + b, 0) : null
    const watts = o.jobs.workingWatts() ?? fallback
    return { floorMicroPerGpuHour: s.floorMicroPerGpuHour, tariffMicroPerKwh: tariffAt(s, clock.now(), nodeTimeZone()), powerWatts: watts !== null && watts > 0 ? watts : null, marginPct: s.energyMarginPct, surplusShare: s.bidStrategy === 'adaptive' ? surplusShare : 0 }
  }

  function newClient(mode: 'embedded' | 'coordinator', market: string): MarketClient {
    return createMarketClient({
      market,
      mode,
      key: o.key,
      sealKey,
      clock,
      log,
      events: o.events,
      jobs: o.jobs,
      offers,
      hello,
      facts,
      predictMs: o.bench.predict,
      pricing,
      outcome: (won) => {
        if (settings.get().bidStrategy === 'adaptive') surplusShare = adaptShare(surplusShare, won)
      },
      storage: o.storage
    })
  }

  function startEmbedded(): void {
    const demo = o.demo ?? {}
    const host = createMarketHost({ now: clock.now, log, signer: ephemeralSigner(), mode: 'embedded', bidWindowMs: demo.bidWindowMs ?? 800 })
    const [nodeEnd, marketEnd] = linkPair()
    host.attach(marketEnd)
    client = newClient('embedded', 'embedded')
    client.attach(nodeEnd)
    const ticker = setInterval(() => host.engine.tick(), 200)
    ticker.unref()
    const post = () => {
      if (!embedded) return
      // Buyers hold back while the book is full, as real ones do when nothing clears.
      if (host.engine.book().filter((b) => b.state === 'open').length < (demo.maxOpenOffers ?? 3)) {
        try {
          host.engine.post(demoOrder(clock.now(), rng))
        } catch (err) {
          log.error({ err }, 'demo buyer order refused')
        }
      }
      const gap = demo.gapMs ? demo.gapMs(rng) : nextGapMs(new Date(clock.now()).getHours(), rng)
      // Only the next offer's timer is kept: one at a time.
      embedded.next = setTimeout(post, gap).unref()
    }
    embedded = { host, ticker, next: setTimeout(post, demo.firstOfferMs ?? 3000).unref() }
  }

  function startCoordinator(url: string): void {
    if (!o.connect) return void (off.lastError = 'no network transport in this build')
    client = newClient('coordinator', url)
    const c = client
    remote = o.connect(url, (link) => c.attach(link))
  }

  function stopAll(): void {
    if (embedded) {
      clearInterval(embedded.ticker)
      if (embedded.next) clearTimeout(embedded.next)
    }
    embedded = null
    remote?.close()
    remote = null
    client?.close()
    client = null
  }

  function apply(): void {
    stopAll()
    const s = settings.get()
    if (o.enabled === false) off.lastError = 'market turned off for this run (INGOT_MARKET=off)'
    else if (s.marketMode === 'embedded') startEmbedded()
    else if (s.marketMode === 'coordinator' && s.marketUrl) startCoordinator(s.marketUrl)
    o.events.emit('market.status', status())
  }

  const status = (): MarketStatus => client?.status() ?? { ...off }

  return {
    start: apply,
    /** Market settings changed: reconnect as they now say. */
    restart: apply,
    stop: stopAll,
    status,
    offers: (q?: { limit?: number; decision?: 'bid' | 'skip' }): MarketOffer[] => listOffers(o.db, q),
    why: (hours = 24): WhyNoJobs => whyNoJobs(o.db, clock.now(), hours, settings.get()),
    /** Expected demo-market earnings per day at the current benchmark and pricing (fixed strategy's cost price plus today's share). */
    estimate: (): Promise<EarningsEstimate | null> => estimateDemoEarnings({ now: clock.now(), predictMs: o.bench.predict, facts: facts(), pricing: pricing() }),
    /** Recent offers' best pay per hour of work against its electricity (the policy pauses when it does not cover it). */
    profitability: () => (client?.status().state === 'connected' ? offers.profitability(clock.now() - 15 * 60_000) : null),
    /** The owner needs the machine: market jobs not finished here go back to their market (marketClient.handBack). */
    handBack: (why: string): number => client?.handBack(why) ?? 0,
    /** The embedded market's engine (benchmarks and tests read its book and reputations). */
    embeddedEngine: () => embedded?.host.engine ?? null
  }
}

export type MarketService = ReturnType<typeof createMarketService>
