import type { Migration } from '../migrate'

export const market: Migration = {
  version: 5,
  name: '0005-market',
  up(db) {
    db.exec(`
      -- Every offer the node saw and what it did: the record behind "Why no jobs?".
      CREATE TABLE market_offers (
        offer_id TEXT PRIMARY KEY,
        market TEXT NOT NULL,
        seen_at INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('inference', 'matmul', 'train')),
        title TEXT NOT NULL,
        unit TEXT NOT NULL CHECK (unit IN ('per1kItems', 'perGpuSecond')),
        currency TEXT NOT NULL,
        max_micro INTEGER NOT NULL CHECK (max_micro >= 0),
        items INTEGER NOT NULL,
        decision TEXT NOT NULL CHECK (decision IN ('bid', 'skip')),
        reason TEXT CHECK ((decision = 'skip') = (reason IS NOT NULL)),
        detail TEXT NOT NULL,
        bid_micro INTEGER,
        predicted_run_ms REAL,
        energy_micro REAL,
        outcome TEXT CHECK (outcome IN ('won', 'lost')),
        winning_micro INTEGER,
        job_id TEXT,
        -- Key id of the market that awarded the job: results are re-sent only to that market.
        market_key TEXT
      ) STRICT;
      CREATE INDEX market_offers_job ON market_offers(job_id);
      CREATE INDEX market_offers_seen ON market_offers(seen_at);

      -- Every change of the policy's decision (earning, waiting, paused) with its reason: the audit behind the status line.
      CREATE TABLE policy_log (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('earning', 'waiting', 'paused')),
        reason TEXT NOT NULL,
        detail TEXT NOT NULL
      ) STRICT;
      CREATE INDEX policy_log_at ON policy_log(at);

      -- The market's word on a market job: full, penalised or zero, and why.
      ALTER TABLE jobs ADD COLUMN settlement TEXT;
      -- GPU energy measured while the job ran, and what it cost at the tariff of the time (null: not measured).
      ALTER TABLE jobs ADD COLUMN energy_j REAL;
      ALTER TABLE jobs ADD COLUMN energy_cost_micro INTEGER;
    `)
  }
}
