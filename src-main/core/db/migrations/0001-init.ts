import type { Migration } from '../migrate'

export const init: Migration = {
  version: 1,
  name: '0001-init',
  up(db) {
    db.exec(`
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE settings_audit (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        key TEXT NOT NULL,
        old_value TEXT,
        new_value TEXT NOT NULL,
        source TEXT NOT NULL
      ) STRICT;
      CREATE INDEX settings_audit_at ON settings_audit(at);

      CREATE TABLE node_state (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
    `)
  }
}
