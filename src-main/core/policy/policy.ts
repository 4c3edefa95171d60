import type { NodeActivity, PolicyReason } from '../../../src-preload/contract'
import { nextChange, scheduleAllows } from './schedule'

/** When to work (docs/ARCHITECTURE.md, "Policy"): the one place that decides, from facts gathered elsewhere. */
export type PolicyState = NodeActivity
export type { PolicyReason }

export interface PolicyInputs {
  now: number
  timeZone: string
  /** The owner's pause (until a time, or until resumed). */
  manual: { until: number | null } | null
  /** Seconds since the last keyboard or mouse input; null where nothing measures it (headless rigs: always idle). */
  idleSeconds: number | null
  idleOnly: boolean
  idleMinutes: number
  /** Running processes matched against the games and heavy apps list, by name. */
  games: string[]
  /** Processes on the GPU that are not Ingot's. */
  gpuForeign: string[]
  /** Seconds a game or foreign GPU process must have been gone before work resumes. */
  cooldownSec: number
  schedule: string
  /** Hottest GPU now, and the owner's limit; work resumes below limit − hysteresis. */
  tempC: number | null
  tempLimitC: number
  /** Total GPU board power now and the owner's cap (null: no cap). */
  powerW: number | null
  powerCapW: number | null
  /** Expected pay and energy cost per hour of work, when known; pauses only when asked to. */
  profit: { payPerHourMicro: number; energyPerHourMicro: number } | null
  pauseWhenUnprofitable: boolean
  marketConnected: boolean
  /** What to say while no market is connected (connecting, off, the last error). */
  marketDetail?: string
  /** A full or read-only disk: work whose results cannot be stored is not taken (the status line says what to do). */
  storage?: { line: string } | null
}

/** What the policy remembers between decisions: latches for hysteresis and cooldowns. */
export interface PolicyMemory {
  hot: boolean
  overPower: boolean
  /** When the last game or foreign GPU process was seen. */
  busySeenAt: number | null
  busyWhat: string | null
  busyKind: 'game' | 'gpu-busy' | null
}

export const freshMemory = (): PolicyMemory => ({ hot: false, overPower: false, busySeenAt: null, busyWhat: null, busyKind: null })

export interface PolicyDecision {
  state: PolicyState
  reason: PolicyReason
  /** One line for the status bar and the tray tooltip. */
  detail: string
  /** When this reason is expected to end, if known (a countdown for the owner). */
  until: number | null
  /** The game or GPU program behind the decision, if one is. */
  culprit: string | null
}

/** Degrees below the limit the GPU must cool to before work resumes. */
export const TEMP_HYSTERESIS_C = 5
/** Share below the power cap the draw must fall to before work resumes. */
export const POWER_HYSTERESIS = 0.9

const mmss = (sec: number) => `${Math.floor(sec / 60)}:${String(Math.floor(sec % 60)).padStart(2, '0')}`

/**
 * Earning, Waiting or Paused, with the reason. The owner's use always wins: the order below is the
 * order of precedence, safety (heat, power) first after the owner's own pause.
 */
export function decide(i: PolicyInputs, m: PolicyMemory): { decision: PolicyDecision; memory: PolicyMemory } {
  const memory = { ...m }
  const d = (state: PolicyState, reason: PolicyReason, detail: string, until: number | null = null, culprit: string | null = null) => ({ decision: { state, reason, detail, until, culprit }, memory })

  // Latches: over the limit sets them; only coming back under limit − hysteresis clears them.
  if (i.tempC !== null) memory.hot = i.tempC >= i.tempLimitC || (m.hot && i.tempC > i.tempLimitC - TEMP_HYSTERESIS_C)
  if (i.powerW !== null && i.powerCapW !== null) memory.overPower = i.powerW > i.powerCapW || (m.overPower && i.powerW > i.powerCapW * POWER_HYSTERESIS)
  else memory.overPower = false
  const busy = i.games[0] ?? i.gpuForeign[0] ?? null
  if (busy !== null) {
    memory.busySeenAt = i.now
    memory.busyWhat = busy
    memory.busyKind = i.games.length ? 'game' : 'gpu-busy'
  }

  if (i.manual) return d('paused', 'manual', i.manual.until ? `Paused by you until ${new Date(i.manual.until).toLocaleTimeString()}` : 'Paused by you — no new work starts until you resume', i.manual.until)
  if (i.storage) return d('paused', 'storage', i.storage.line)
  if (memory.hot) return d('paused', 'too-hot', `Paused: ${i.tempC} °C — resumes below ${i.tempLimitC - TEMP_HYSTERESIS_C} °C (limit ${i.tempLimitC} °C)`)
  if (memory.overPower) return d('paused', 'power', `Paused: ${Math.round(i.powerW!)} W over the ${i.powerCapW} W cap`)
  if (i.games.length) return d('paused', 'game', `Paused: ${i.games[0]} is running`, null, i.games[0]!)
  if (i.gpuForeign.length) return d('paused', 'gpu-busy', `Paused: ${i.gpuForeign[0]} is using the GPU`, null, i.gpuForeign[0]!)
  if (memory.busySeenAt !== null && i.now - memory.busySeenAt < i.cooldownSec * 1000) {
    const left = Math.ceil((memory.busySeenAt + i.cooldownSec * 1000 - i.now) / 1000)
    return d('waiting', memory.busyKind ?? 'game', `Waiting — ${memory.busyWhat} closed; resuming in ${mmss(left)}`, memory.busySeenAt + i.cooldownSec * 1000, memory.busyWhat)
  }
  if (!scheduleAllows(i.schedule, i.now, i.timeZone)) return d('paused', 'schedule', 'Paused: outside your schedule', nextChange(i.schedule, i.now, i.timeZone))
  if (i.idleOnly && i.idleSeconds !== null && i.idleSeconds < i.idleMinutes * 60) {
    const left = i.idleMinutes * 60 - i.idleSeconds
    return d('waiting', 'user-active', `Waiting — idle in ${mmss(left)}`, i.now + left * 1000)
  }
  if (i.pauseWhenUnprofitable && i.profit && i.profit.payPerHourMicro < i.profit.energyPerHourMicro) return d('paused', 'unprofitable', 'Paused: expected pay is below the electricity it would cost')
  if (!i.marketConnected) return d('waiting', 'no-market', i.marketDetail ?? 'Waiting — no market connected')
  return d('earning', 'ready', 'Earning — bidding on jobs this node can serve')
}
