import type { Database } from 'better-sqlite3'
import type { MarketStatus, NodeStatus } from '../../../src-preload/contract'
import type { Clock } from '../clock'

/**
 * The owner's pause flag, persisted so a paused machine stays paused after a crash or restart.
 * Earning states arrive with the market; until then an unpaused node waits for one.
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

  let market: () => { status: MarketStatus; working: boolean } = () => ({ status: { state: 'off', mode: 'off', lastError: null } as MarketStatus, working: false })

  function status(): NodeStatus {
    const m = market()
    const connected = m.status.state === 'connected'
    if (pausedSince !== null) {
      return { activity: 'paused', pausedSince, line: 'Paused by you — no new work starts until you resume', marketConnected: connected }
    }
    const name = m.status.mode === 'embedded' ? 'the demo market' : 'the coordinator'
    const line =
      m.status.state === 'off'
        ? `Not in a market — ${m.status.lastError ?? 'choose one in Settings'}`
        : !connected
          ? `Waiting — connecting to ${name}${m.status.lastError ? ` (${m.status.lastError})` : ''}`
          : m.working
            ? `Working — running a job from ${name}`
            : `Waiting — connected to ${name}, bidding on offers this node can serve`
    return { activity: 'idle', pausedSince: null, line, marketConnected: connected }
  }

  return {
    status,
    /** The market link and whether a job runs, for the status line (the market starts after this). */
    setMarketSource(source: typeof market): void {
      market = source
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
