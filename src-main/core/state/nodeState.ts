import type { Database } from 'better-sqlite3'
import type { MarketStatus, NodeStatus, Onboarding, OnboardingChoice } from '../../../src-preload/contract'
import type { Clock } from '../clock'
import type { PolicyDecision } from '../policy/policy'

/**
 * The owner's pause flag, persisted so a paused machine stays paused after a crash or restart; the
 * owner's answer to the first-start setup, kept here so every window and browser knows it; and
 * the status line: the policy's latest decision (policy/policyService.ts) once it runs.
 */
export function createNodeState(db: Database, clock: Clock) {
  const read = db.prepare<[string], { value: string }>('SELECT value FROM node_state WHERE key = ?')
  const write = db.prepare(
    'INSERT INTO node_state (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at'
  )
  const del = db.prepare('DELETE FROM node_state WHERE key = ?')

  const stored = (key: string): number | null => {
    const row = read.get(key)
    const n = row ? Number(row.value) : NaN
    return Number.isFinite(n) ? n : null
  }
  let pausedSince = stored('pausedSince')
  let pausedUntil = stored('pausedUntil')

  /** A timed pause that has run out ends here, as if the owner had resumed. */
  function expire(): void {
    if (pausedSince !== null && pausedUntil !== null && clock.now() >= pausedUntil) {
      pausedSince = null
      pausedUntil = null
      del.run('pausedSince')
      del.run('pausedUntil')
    }
  }

  let market: () => MarketStatus | null = () => null
  let decision: () => PolicyDecision | null = () => null

  function status(): NodeStatus {
    const connected = market()?.state === 'connected'
    const d = decision()
    expire()
    if (pausedSince !== null) return { activity: 'paused', reason: 'manual', pausedSince, pausedUntil, line: manualLine(pausedUntil), until: pausedUntil, marketConnected: connected, culprit: null }
    if (d) return { activity: d.state, reason: d.reason, pausedSince: null, pausedUntil: null, line: d.detail, until: d.until, marketConnected: connected, culprit: d.culprit }
    // Before the policy's first decision: what the market link says.
    const m = market()
    return { activity: 'waiting', reason: 'no-market', pausedSince: null, pausedUntil: null, line: m ? marketLine(m) : 'Starting…', until: null, marketConnected: connected, culprit: null }
  }

  return {
    status,
    /** The market link and the policy's decision, for the status line (both start after this). */
    setSources(sources: { market: () => MarketStatus | null; decision: () => PolicyDecision | null }): void {
      market = sources.market
      decision = sources.decision
    },
    isPaused(): boolean {
      expire()
      return pausedSince !== null
    },
    onboarding(): Onboarding {
      const choice = read.get('onboarding')?.value
      return choice === 'done' || choice === 'skipped' ? { choice, at: stored('onboardingAt') } : { choice: null, at: null }
    },
    setOnboarding(choice: OnboardingChoice): Onboarding {
      const now = clock.now()
      db.transaction(() => {
        write.run('onboarding', choice, now)
        write.run('onboardingAt', String(now), now)
      })()
      return { choice, at: now }
    },
    /** The owner's pause ends then by itself (null: when resumed). */
    pausedUntil: (): number | null => pausedUntil,
    /** Pause (until a time, or until resumed) or resume; returns true when anything changed. */
    setPaused(paused: boolean, until: number | null = null): boolean {
      expire()
      if (paused === (pausedSince !== null) && (!paused || until === pausedUntil)) return false
      const now = clock.now()
      if (paused) {
        pausedSince ??= now
        pausedUntil = until
        write.run('pausedSince', String(pausedSince), now)
        if (until === null) del.run('pausedUntil')
        else write.run('pausedUntil', String(until), now)
      } else {
        pausedSince = null
        pausedUntil = null
        del.run('pausedSince')
        del.run('pausedUntil')
      }
      return true
    }
  }
}

export type NodeState = ReturnType<typeof createNodeState>

function manualLine(until: number | null): string {
  if (until === null) return 'Paused by you — no new work starts until you resume'
  const at = new Date(until)
  const sameDay = new Date().toDateString() === at.toDateString()
  return `Paused by you until ${sameDay ? at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : at.toLocaleString([], { weekday: 'short', hour: '2-digit', minute: '2-digit' })}`
}

/** What to say while no market is connected. */
export function marketLine(m: MarketStatus): string {
  const name = m.mode === 'embedded' ? 'the demo market' : 'the coordinator'
  if (m.state === 'off') return `Not in a market — ${m.lastError ?? 'choose one in Settings'}`
  return `Waiting — connecting to ${name}${m.lastError ? ` (${m.lastError})` : ''}`
}
