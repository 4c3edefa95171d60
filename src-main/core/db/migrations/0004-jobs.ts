import type { Migration } from '../migrate'

export const jobs: Migration = {
  version: 4,
  name: '0004-jobs',
  up(db) {
    db.exec(`
      CREATE TABLE jobs (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('inference', 'matmul', 'train')),
        source TEXT NOT NULL CHECK (source IN ('local', 'market')),
        state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed', 'cancelled')),
        bundle_digest TEXT NOT NULL,
        items INTEGER NOT NULL,
        deadline INTEGER NOT NULL,
        price TEXT NOT NULL,
        currency TEXT NOT NULL,
        -- The bundle's terms, kept apart from its (possibly large) data.
        sla TEXT NOT NULL,
        region TEXT NOT NULL,
        batch_size INTEGER NOT NULL,
        submitted_at INTEGER NOT NULL,
        started_at INTEGER,
        ended_at INTEGER,
        progress_done INTEGER NOT NULL DEFAULT 0,
        progress_total INTEGER NOT NULL DEFAULT 0,
        attempts INTEGER NOT NULL DEFAULT 0,
        -- Times a crash or shutdown cut the job short; it is requeued, and released after 3.
        interruptions INTEGER NOT NULL DEFAULT 0,
        -- The owner cancelled while it ran: a crash before the runner stopped must not requeue it.
        cancel_requested INTEGER NOT NULL DEFAULT 0 CHECK (cancel_requested IN (0, 1)),
        metrics TEXT,
        verdict TEXT,
        met INTEGER CHECK (met IS NULL OR met IN (0, 1)),
        receipt TEXT,
        output_digest TEXT,
        pay_micro INTEGER,
        settled_at INTEGER,
        backend TEXT,
        gpu_uuid TEXT,
        error_code TEXT,
        error TEXT
      ) STRICT;
      CREATE INDEX jobs_state ON jobs(state, submitted_at);
      -- Bundles and outputs can be tens of megabytes: apart from the job row, which changes often
      -- (SQLite rewrites a whole row, large columns included, on every update).
      CREATE TABLE job_bundles (job_id TEXT PRIMARY KEY REFERENCES jobs(id), bundle TEXT NOT NULL) STRICT;
      CREATE TABLE job_outputs (job_id TEXT PRIMARY KEY REFERENCES jobs(id), output BLOB NOT NULL) STRICT;
      CREATE INDEX jobs_ended ON jobs(ended_at);

      -- Append-only money record: every row carries the hash of the row before it.
      CREATE TABLE ledger (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        at INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('earning', 'penalty', 'fee', 'payout', 'adjustment')),
        job_id TEXT,
        amount_micro INTEGER NOT NULL CHECK (
          (kind = 'earning' AND amount_micro >= 0) OR
          (kind IN ('penalty', 'fee', 'payout') AND amount_micro <= 0) OR
          kind = 'adjustment'),
        currency TEXT NOT NULL,
        memo TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      ) STRICT;
      -- A job is paid, penalised and charged at most once, whatever crashes and retries happen.
      CREATE UNIQUE INDEX ledger_once_per_job ON ledger(job_id, kind) WHERE job_id IS NOT NULL AND kind IN ('earning', 'penalty', 'fee');
      CREATE INDEX ledger_at ON ledger(at);
      CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
      CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
    `)
  }
}
