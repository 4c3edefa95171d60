import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import Database, { type Database as Db } from 'better-sqlite3'
import { migrate, type Migration } from '../core/db/migrate'
import type { Settlement } from '../core/market/protocol'
import type { Reputation } from '../core/market/score'

const migrations: Migration[] = [
  {
    version: 1,
    name: 'coordinator-0001',
    up(db) {
      db.exec(`
        CREATE TABLE nodes (
          id TEXT PRIMARY KEY,
          public_key TEXT NOT NULL,
          first_seen INTEGER NOT NULL,
          last_seen INTEGER NOT NULL,
          jobs INTEGER NOT NULL DEFAULT 0,
          sla_met INTEGER NOT NULL DEFAULT 0,
          failed INTEGER NOT NULL DEFAULT 0
        ) STRICT;
        -- One row per settled job, ever: what makes a result delivered twice pay once.
        CREATE TABLE settlements (
          job_id TEXT PRIMARY KEY,
          offer_id TEXT NOT NULL,
          node_id TEXT NOT NULL,
          outcome TEXT NOT NULL CHECK (outcome IN ('full', 'penalised', 'zero')),
          currency TEXT NOT NULL,
          total_micro INTEGER NOT NULL,
          body TEXT NOT NULL,
          settled_at INTEGER NOT NULL,
          acked INTEGER NOT NULL DEFAULT 0 CHECK (acked IN (0, 1)),
          outputs BLOB
        ) STRICT;
        CREATE INDEX settlements_node ON settlements(node_id, acked);
      `)
    }
  }
]

/** The coordinator's own state: node track records and settlements survive a restart. */
export function openCoordinatorStore(dataDir: string) {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  const file = join(dataDir, 'coordinator.db')
  const db: Db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  migrate(db, migrations, file)
  const upsertNode = db.prepare('INSERT INTO nodes (id, public_key, first_seen, last_seen) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET last_seen = excluded.last_seen')
  const repOf = db.prepare<[string], { jobs: number; sla_met: number; failed: number }>('SELECT jobs, sla_met, failed FROM nodes WHERE id = ?')
  const setRep = db.prepare('UPDATE nodes SET jobs = ?, sla_met = ?, failed = ? WHERE id = ?')
  const insertSettlement = db.prepare('INSERT OR IGNORE INTO settlements (job_id, offer_id, node_id, outcome, currency, total_micro, body, settled_at, outputs) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
  const bySettledJob = db.prepare<[string, string], { body: string }>('SELECT body FROM settlements WHERE job_id = ? AND node_id = ?')
  const unacked = db.prepare<[string], { body: string }>('SELECT body FROM settlements WHERE node_id = ? AND acked = 0 ORDER BY settled_at')
  const ack = db.prepare('UPDATE settlements SET acked = 1 WHERE job_id = ? AND node_id = ?')
  const list = db.prepare<[number], { body: string; node_id: string; acked: number }>('SELECT body, node_id, acked FROM settlements ORDER BY settled_at DESC LIMIT ?')
  const outputsOf = db.prepare<[string], { outputs: Buffer | null; body: string }>('SELECT outputs, body FROM settlements WHERE job_id = ?')
  const totals = db.prepare<[], { node_id: string; currency: string; total: number; jobs: number }>('SELECT node_id, currency, SUM(total_micro) AS total, COUNT(*) AS jobs FROM settlements GROUP BY node_id, currency')
  return {
    seen: (id: string, publicKey: string, at: number): void => void upsertNode.run(id, publicKey, at, at),
    reputation(id: string): Reputation | null {
      const r = repOf.get(id)
      return r ? { jobs: r.jobs, slaMet: r.sla_met, failed: r.failed } : null
    },
    setReputation: (id: string, r: Reputation): void => void setRep.run(r.jobs, r.slaMet, r.failed, id),
    /** False when the job was settled already (never twice). */
    settle: (s: Settlement, nodeId: string, outputs: Float32Array | null): boolean =>
      insertSettlement.run(s.jobId, s.offerId, nodeId, s.outcome, s.currency, s.totalMicro, JSON.stringify(s), s.settledAt, outputs ? Buffer.from(outputs.buffer, outputs.byteOffset, outputs.byteLength) : null).changes === 1,
    settledBefore: (jobId: string, nodeId: string): Settlement | null => {
      const r = bySettledJob.get(jobId, nodeId)
      return r ? (JSON.parse(r.body) as Settlement) : null
    },
    unacked: (nodeId: string): Settlement[] => unacked.all(nodeId).map((r) => JSON.parse(r.body) as Settlement),
    ack: (jobId: string, nodeId: string): void => void ack.run(jobId, nodeId),
    settlements: (limit: number) => list.all(limit).map((r) => ({ ...(JSON.parse(r.body) as Settlement), nodeId: r.node_id, acked: r.acked === 1 })),
    outputs(jobId: string): { settlement: Settlement; outputs: Buffer | null } | null {
      const r = outputsOf.get(jobId)
      return r ? { settlement: JSON.parse(r.body) as Settlement, outputs: r.outputs } : null
    },
    totals: () => totals.all(),
    close: () => db.close()
  }
}

export type CoordinatorStore = ReturnType<typeof openCoordinatorStore>
