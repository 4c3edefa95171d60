import type { Migration } from '../migrate'

export const storage: Migration = {
  version: 6,
  name: '0006-storage',
  up(db) {
    db.exec(`
      -- One row the node rewrites to learn whether its disk takes writes again after a fault;
      -- room holds a 64 KiB blob for a moment, so the probe needs fresh pages, not just a free slot.
      CREATE TABLE storage_probe (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        at INTEGER NOT NULL,
        room BLOB
      ) STRICT;

      -- A settled market job's outputs were the market's: from now on they go at settlement (the receipt keeps the digest).
      DELETE FROM job_outputs WHERE job_id IN (SELECT id FROM jobs WHERE source = 'market' AND settled_at IS NOT NULL);
    `)
  }
}
