import type { Migration } from '../migrate'

// Keys lead with ts: rollups and retention work on time ranges across all devices; one device's
// history is a time range filtered by device (a handful of devices per node).
// Written out, not derived from telemetry/metrics.ts: a released migration never changes, so a new
// metric needs a new migration (a test checks every metric has its column).
const columns = ['util_gpu', 'util_mem', 'mem_used', 'mem_total', 'temp', 'power', 'power_limit', 'fan', 'sm_clock', 'mem_clock', 'pstate', 'cpu_util', 'ram_used', 'ram_total']

export const telemetry: Migration = {
  version: 2,
  name: '0002-telemetry',
  up(db) {
    const raw = columns.map((c) => `${c} REAL`).join(', ')
    const rolled = columns.map((c) => `${c}_min REAL, ${c}_avg REAL, ${c}_max REAL`).join(', ')
    db.exec(`
      CREATE TABLE devices (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('gpu', 'host')),
        name TEXT NOT NULL,
        first_seen INTEGER NOT NULL,
        last_seen INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE samples_raw (
        device_id INTEGER NOT NULL REFERENCES devices(id),
        ts INTEGER NOT NULL,
        ${raw},
        throttle TEXT,
        PRIMARY KEY (ts, device_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE samples_1m (
        device_id INTEGER NOT NULL REFERENCES devices(id),
        ts INTEGER NOT NULL,
        n INTEGER NOT NULL,
        ${rolled},
        PRIMARY KEY (ts, device_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE samples_1h (
        device_id INTEGER NOT NULL REFERENCES devices(id),
        ts INTEGER NOT NULL,
        n INTEGER NOT NULL,
        ${rolled},
        PRIMARY KEY (ts, device_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE energy_hourly (
        device_id INTEGER NOT NULL REFERENCES devices(id),
        hour INTEGER NOT NULL,
        joules REAL NOT NULL,
        seconds REAL NOT NULL,
        PRIMARY KEY (device_id, hour)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE inventory (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        scanned_at INTEGER NOT NULL,
        body TEXT NOT NULL
      ) STRICT;
    `)
  }
}
