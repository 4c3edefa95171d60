import type { Migration } from '../migrate'

export const bundleData: Migration = {
  version: 7,
  name: '0007-bundle-data',
  up(db) {
    db.exec(`
      -- A queued job's tensors as the bytes they decode to, beside its JSON with those fields emptied
      -- (jobs/bundlePack.ts): a quarter smaller than base64 text and written without encoding it.
      -- Rows from before keep the whole bundle's JSON in bundle and NULL here.
      ALTER TABLE job_bundles ADD COLUMN data BLOB;
    `)
  }
}
