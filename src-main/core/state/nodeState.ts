import type { Database } from 'better-sqlite3'
import type { MarketStatus, NodeStatus } from '../../../src-preload/contract'
import type { Clock } from '../clock'
import type { PolicyDecision } from '../policy/policy'

/**
 * The owner's pause flag, persisted so a paused machine stays paused after a crash or restart, and
 * the status line: the policy's latest decision (policy/policyService.ts) once it runs.
 */
export function createNodeState(db: Database, clock: Clock) {
  const read = db.prepare<[string], { value: string }>('SELECT value FROM node_state WHERE key = ?')
  const write = db.prepare(
    'INSERT INTO node_state (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at'
  )
  const del = db.prepare('DELETE FROM node_state WHERE key = ?')

  let pausedSince: number | null = (() => {
    const row = read.get('pausedSince')
    const n = row ? Number(row.value) : NaN
    return Number.isFinite(n) ? n : null
  })()

  let market: () => MarketStatus | null = () => null
  let decision: () => PolicyDecision | null = () => null

  function status(): NodeStatus {
    const connected = market()?.state === 'connected'
    const d = decision()
    if (pausedSince !== null) return { activity: 'paused', reason: 'manual', pausedSince, line: 'Paused by you — no new work starts until you resume', until: null, marketConnected: connected }
    if (d) return { activity: d.state, reason: d.reason, pausedSince: null, line: d.detail, until: d.until, marketConnected: connected }
    // Before the policy's first decision: what the market link says.
    const m = market()
    return { activity: 'waiting', reason: 'no-market', pausedSince: null, line: m ? marketLine(m) : 'Starting…', until: null, marketConnected: connected }
  }

  return {
    status,
    /** The market link and the policy's decision, for the status line (both start after this). */
    setSources(sources: { market: () => MarketStatus | null; decision: () => PolicyDecision | null }): void {
      market = sources.market
      decision = sources.decision
    },
    isPaused: () => pausedSince !== null,
    /** Returns true when the flag changed. */
    setPaused(paused: boolean): boolean {
      if (paused === (pausedSince !== null)) return false
      if (paused) {
        pausedSince = clock.now()
        write.run('pausedSince', String(pausedSince), pausedSince)
      } else {
        pausedSince = null
        del.run('pausedSince')
      }
      return true
    }
  }
}

export type NodeState = ReturnType<typeof createNodeState>

/** What to say while no market is connected. */
export function marketLine(m: MarketStatus): string {
  const name = m.mode === 'embedded' ? 'the demo market' : 'the coordinator'
  if (m.state === 'off') return `Not in a market — ${m.lastError ?? 'choose one in Settings'}`
  return `Waiting — connecting to ${name}${m.lastError ? ` (${m.lastError})` : ''}`
}
