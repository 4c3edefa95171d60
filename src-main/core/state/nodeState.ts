import type { Database } from 'better-sqlite3'
import type { NodeStatus } from '../../../src-preload/contract'
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

  function status(): NodeStatus {
    if (pausedSince !== null) {
      return { activity: 'paused', pausedSince, line: 'Paused by you — no new work starts until you resume', marketConnected: false }
    }
    return { activity: 'idle', pausedSince: null, line: 'Waiting — no market connected yet', marketConnected: false }
  }

  return {
    status,
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
