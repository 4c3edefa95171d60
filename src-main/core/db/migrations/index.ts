import type { Migration } from '../migrate'
import { init } from './0001-init'
import { telemetry } from './0002-telemetry'
import { bench } from './0003-bench'
import { jobs } from './0004-jobs'
import { market } from './0005-market'
import { storage } from './0006-storage'
import { bundleData } from './0007-bundle-data'

/** In order; a migration is never edited once released, only followed by a new one. */
export const migrations: readonly Migration[] = [init, telemetry, bench, jobs, market, storage, bundleData]
