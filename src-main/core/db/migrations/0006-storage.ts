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
    `)
  }
}
