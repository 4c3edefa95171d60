import type { Api, AppInfo, Method, UpdateStatus } from '../../../src-preload/contract'
import type { EventHub } from '../events'
import type { SettingsStore } from '../settings/settingsStore'
import type { NodeState } from '../state/nodeState'
import type { TelemetryService } from '../telemetry/telemetryService'
import type { BenchService } from '../compute/benchService'
import type { JobService } from '../jobs/jobService'
import type { Ledger } from '../ledger/ledger'
import type { NodeKey } from '../identity/nodeKey'
import type { Clock } from '../clock'
import type { Database } from 'better-sqlite3'
import { earningsSummary, ledgerCsv } from '../ledger/earnings'
import { slaSummary } from '../jobs/slaSummary'
import { localDay } from '../ledger/earnings'
import type { MarketService } from '../market/marketService'
import type { PolicyService } from '../policy/policyService'
import { KNOWN_HEAVY_APPS, LAUNCHER_FOLDERS } from '../policy/heavyApps'

/** Local midnight after `t` (DST-safe: through the calendar, not by adding 24 h). */
const nextLocalMidnight = (t: number): number => {
  const d = new Date(localDay(t))
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).getTime()
}

export type Handlers = { [M in Method]: (...args: Parameters<Api[M]>) => ReturnType<Api[M]> }

export interface HandlerDeps {
  info: () => AppInfo
  settings: SettingsStore
  node: NodeState
  events: EventHub
  telemetry: TelemetryService
  bench: BenchService
  jobs: JobService
  ledger: Ledger
  key: NodeKey
  db: Database
  clock: Clock
  market: MarketService
  policy: PolicyService
  updates: () => UpdateStatus
}

/** One handler per contract method; arguments arrive already validated. */
export function createHandlers({ info, settings, node, events, telemetry, bench, jobs, ledger, key, db, clock, market, policy, updates }: HandlerDeps): Handlers {
  const setPaused = async (paused: boolean, until: number | null = null) => {
    if (node.setPaused(paused, until)) {
      events.emit('node.status', node.status())
      // The policy decides again at once.
      policy.poke()
    }
    // The owner gets the machine back now: a running job goes back to the queue.
    if (paused) jobs.pause()
    else jobs.kick()
    return node.status()
  }
  return {
    'app.info': async () => info(),
    'settings.get': async () => settings.get(),
    'settings.update': async (patch) => {
      const { settings: next, changed } = settings.update(patch, 'user')
      if (changed) {
        events.emit('settings.changed', next)
        await telemetry.setInterval(next.telemetryIntervalMs)
      }
      return next
    },
    'settings.history': async (query) => settings.history(query?.limit ?? 50),
    'node.status': async () => node.status(),
    'node.onboarding': async () => node.onboarding(),
    'node.setOnboarding': async (choice) => node.setOnboarding(choice),
    'node.pause': (o) => setPaused(true, o?.forMinutes ? clock.now() + o.forMinutes * 60_000 : o?.untilTomorrow ? nextLocalMidnight(clock.now()) : null),
    'node.resume': () => setPaused(false),
    'app.update': async () => updates(),
    'node.heavyApps': async () => ({ launcherFolders: [...LAUNCHER_FOLDERS], knownApps: [...KNOWN_HEAVY_APPS] }),
    'node.history': async (query) => policy.history(query?.limit ?? 50),
    'gpu.list': () => telemetry.inventory(),
    'gpu.rescan': () => telemetry.rescan(),
    'gpu.processes': async () => telemetry.processes(),
    'telemetry.latest': async () => telemetry.latest(),
    'telemetry.query': async (q) => telemetry.query(q),
    'telemetry.energy': async ({ from, to }) => telemetry.energy(from, to),
    'bench.run': async (options) => bench.run(options?.mode ?? 'full'),
    'bench.cancel': async (id) => bench.cancel(id),
    'bench.history': async (query) => bench.history(query?.limit ?? 20),
    'bench.backend': async () => bench.backend(),
    'bench.model': async () => bench.model(),
    'jobs.submit': async (bundle) => jobs.submit(bundle, 'local'),
    'jobs.list': async (query) => jobs.list(query ?? {}),
    'jobs.get': async (id) => jobs.get(id),
    'jobs.cancel': async (id) => jobs.cancel(id),
    'jobs.result': async (id) => jobs.result(id),
    'ledger.entries': async (query) => ledger.entries({ limit: query?.limit ?? 100, beforeSeq: query?.beforeSeq }),
    'ledger.verify': async () => ledger.verify(),
    'earnings.summary': async () => earningsSummary(db, clock.now()),
    'earnings.csv': async () => ledgerCsv(db),
    'sla.summary': async (query) => slaSummary(db, clock.now(), query?.days ?? 30),
    'identity.get': async () => key.identity(),
    'market.status': async () => market.status(),
    'market.offers': async (query) => market.offers(query),
    'market.why': async (query) => market.why(query?.hours ?? 24),
    'market.estimate': () => market.estimate(),
    'market.settlements': async (query) => jobs.settledMarketJobs(query?.limit ?? 50)
  }
}
