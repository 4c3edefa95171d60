import type { Migration } from '../migrate'

export const bench: Migration = {
  version: 3,
  name: '0003-bench',
  up(db) {
    db.exec(`
      CREATE TABLE bench_runs (
        id TEXT PRIMARY KEY,
        mode TEXT NOT NULL CHECK (mode IN ('quick', 'full')),
        status TEXT NOT NULL CHECK (status IN ('running', 'ok', 'failed', 'cancelled')),
        started_at INTEGER NOT NULL,
        finished_at INTEGER,
        backend TEXT,
        result TEXT CHECK (result IS NULL OR status = 'ok'),
        peak TEXT,
        fingerprint TEXT,
        error TEXT
      ) STRICT;
      CREATE INDEX bench_runs_started ON bench_runs(started_at);

      -- Jobs' measured times against what the performance model predicted before they ran.
      CREATE TABLE perf_observations (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('matmul', 'conv2d', 'elementwise')),
        flops REAL NOT NULL,
        bytes REAL NOT NULL,
        n INTEGER,
        measured_ms REAL NOT NULL CHECK (measured_ms > 0)
      ) STRICT;
    `)
  }
}
