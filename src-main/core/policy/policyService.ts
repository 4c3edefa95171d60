import type { Database } from 'better-sqlite3'
import type { PolicyChange } from '../../../src-preload/contract'
import type { Clock } from '../clock'
import type { Log } from '../log'
import { nodeTimeZone } from '../ledger/earnings'
import type { SettingsStore } from '../settings/settingsStore'
import type { TelemetryService } from '../telemetry/telemetryService'
import { matchHeavyApps, normalise, type ProcessInfo } from './heavyApps'
import { decide, freshMemory, type PolicyDecision } from './policy'
import { listProcesses } from './processList'

export interface PolicyServiceOptions {
  db: Database
  clock: Clock
  log: Log
  settings: SettingsStore
  telemetry: TelemetryService
  manualPause: () => { until: number | null } | null
  /** Seconds since the owner last touched keyboard or mouse (desktop); absent on headless rigs. */
  idleSeconds?: () => number | null
  market: () => { connected: boolean; detail: string }
  /** Recent offers' best pay per hour of work against its electricity; null while unknown (no offers, no power readings). */
  profitability?: () => { payPerHourMicro: number; energyPerHourMicro: number } | null
  /** Keys of the GPUs the owner offers: heat, power and other programs on GPUs kept back are the owner's business. */
  offeredGpus?: () => string[]
  /** Ingot's own processes (the node, its compute runner): never a reason to pause. */
  selfPids: () => number[]
  /** The disk's state (db/storageHealth.ts): a failed write pauses work until writes succeed again. */
  storage?: { current(): { line: string } | null; report(err: unknown): boolean }
  /** Called on every decision that changes what the node may do. */
  onChange: (d: PolicyDecision, mayCompute: boolean) => void
  tickMs?: number
  scanMs?: number
  /** Tests hand in the process list. */
  processes?: () => Promise<ProcessInfo[]>
}

/** May jobs run? Earning, or held back only from the market (no market, or offers that do not pay): the lab's own jobs need neither. */
export const mayCompute = (d: PolicyDecision): boolean => d.state === 'earning' || d.reason === 'no-market' || d.reason === 'unprofitable'

/**
 * Gathers the facts once a second (processes every two), asks the policy, and acts on a change:
 * stores it (policy_log), tells the node — a job running when work must stop goes back to the queue
 * at once, so the owner's use always wins within seconds.
 */
export function createPolicyService(o: PolicyServiceOptions) {
  const insert = o.db.prepare('INSERT INTO policy_log (at, state, reason, detail) VALUES (?, ?, ?, ?)')
  const recent = o.db.prepare<[number], { at: number; state: PolicyChange['activity']; reason: PolicyChange['reason']; detail: string }>('SELECT at, state, reason, detail FROM policy_log ORDER BY id DESC LIMIT ?')
  const prune = o.db.prepare('DELETE FROM policy_log WHERE at < ?')
  let memory = freshMemory()
  let current: PolicyDecision | null = null
  let heavy: string[] = []
  let timers: NodeJS.Timeout[] = []
  let scanning = false

  async function scan(): Promise<void> {
    if (scanning) return
    scanning = true
    try {
      const procs = await (o.processes ?? listProcesses)()
      heavy = matchHeavyApps(procs, o.settings.get().extraApps, new Set(o.selfPids()), o.settings.get().ignoredApps)
    } catch (err) {
      o.log.warn({ err }, 'process scan failed')
    } finally {
      scanning = false
    }
  }

  function tick(): void {
    const s = o.settings.get()
    const now = o.clock.now()
    // Readings of the GPUs the owner offers, fresh ones only: a GPU that stopped reporting must not hold a verdict.
    const offered = new Set(o.offeredGpus?.() ?? [])
    const freshMs = Math.max(5000, 3 * s.telemetryIntervalMs)
    const gpus = o.telemetry.latest().samples.filter((x) => x.device !== 'host' && now - x.ts <= freshMs && (!o.offeredGpus || offered.has(x.device)))
    const temps = gpus.map((x) => x.values.tempC).filter((v): v is number => typeof v === 'number')
    const watts = gpus.map((x) => x.values.powerW).filter((v): v is number => typeof v === 'number')
    const self = new Set(o.selfPids())
    const ignored = new Set(s.ignoredApps.map(normalise))
    const market = o.market()
    // A program the owner just dismissed as a false alarm: no cooldown for it either.
    if (memory.busyWhat !== null && ignored.has(normalise(memory.busyWhat))) memory = { ...memory, busySeenAt: null, busyWhat: null, busyKind: null }
    const r = decide(
      {
        now,
        timeZone: nodeTimeZone(),
        manual: o.manualPause(),
        idleSeconds: o.idleSeconds?.() ?? null,
        idleOnly: s.idleOnly,
        idleMinutes: s.idleMinutes,
        games: heavy,
        gpuForeign: o.telemetry
          .processes()
          .filter((p) => !self.has(p.pid) && !ignored.has(normalise(p.name)) && (!o.offeredGpus || offered.has(p.gpu)))
          .map((p) => p.name),
        cooldownSec: s.cooldownSec,
        schedule: s.schedule,
        tempC: temps.length ? Math.max(...temps) : null,
        tempLimitC: s.tempLimitC,
        powerW: watts.length ? watts.reduce((a, b) => a + b, 0) : null,
        powerCapW: s.powerCapW > 0 ? s.powerCapW : null,
        profit: o.profitability?.() ?? null,
        // Never work at a loss: when no offer would pay the electricity, wait for better ones.
        pauseWhenUnprofitable: true,
        marketConnected: market.connected,
        marketDetail: market.detail,
        storage: o.storage?.current() ?? null
      },
      memory
    )
    memory = r.memory
    const d = r.decision
    const changed = !current || current.state !== d.state || current.reason !== d.reason
    const moved = changed || current!.detail !== d.detail
    current = d
    if (changed) {
      try {
        insert.run(now, d.state, d.reason, d.detail)
      } catch (err) {
        // The decision stands even when the disk cannot record it.
        if (!o.storage?.report(err)) throw err
      }
      o.log.info({ state: d.state, reason: d.reason, detail: d.detail }, 'policy decision')
    }
    if (moved) o.onChange(d, mayCompute(d))
  }

  return {
    start(): void {
      // The log keeps 30 days of decisions.
      try {
        prune.run(o.clock.now() - 30 * 86_400_000)
      } catch (err) {
        if (!o.storage?.report(err)) throw err
      }
      void scan().then(() => timers.length && tick())
      timers = [setInterval(tick, o.tickMs ?? 1000), setInterval(() => void scan(), o.scanMs ?? 2000)]
      timers.forEach((t) => t.unref())
      tick()
    },
    stop(): void {
      timers.forEach((t) => clearInterval(t))
      timers = []
    },
    /** Decide again now (the owner paused or resumed, the market link changed); nothing before start. */
    poke: (): void => {
      if (timers.length) tick()
    },
    /** Scan the processes again now (the owner changed the lists), then decide. */
    rescan: (): void => {
      if (timers.length) void scan().then(() => timers.length && tick())
    },
    decision: (): PolicyDecision | null => current,
    mayCompute: (): boolean => (current ? mayCompute(current) : true),
    history: (limit: number): PolicyChange[] => recent.all(limit).map((r) => ({ at: r.at, activity: r.state, reason: r.reason, detail: r.detail }))
  }
}

export type PolicyService = ReturnType<typeof createPolicyService>
