import { randomUUID } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../db/open'
import { tempDirs } from '../test/tempCore'
import { createOfferLog } from './offerLog'
import type { Offer } from './protocol'

const { fresh, removeAll } = tempDirs()
afterEach(removeAll)

const offer = (at: number): Offer => ({
  offerId: randomUUID(),
  kind: 'matmul',
  title: 'retention',
  requirements: { vramMiB: 0, region: 'any', backends: [] },
  sla: { deadline: at + 60_000 },
  work: { kind: 'matmul', flops: 1e6, bytes: 1e3, rows: 8, batchSize: 4 },
  price: { unit: 'per1kItems', maxMicro: 1000, currency: 'DEMO' },
  items: 8,
  bundleBytes: 100,
  postedAt: at,
  closesAt: at + 1000
})

describe('offer log retention', () => {
  it('keeps offers it did not win for the retention time and up to the row cap, and every won offer', () => {
    const { db } = openDatabase(fresh())
    const log = createOfferLog(db, { ms: 10_000, rows: 5, everyInserts: 1 })
    const skip = { decision: 'skip', reason: 'price', detail: 'x', predicted: null, energyMicro: null } as const
    const won = offer(0)
    log.seen('m', won, skip, 0)
    log.won(won.offerId, 10, randomUUID(), 'key')
    for (let i = 1; i <= 20; i++) log.seen('m', offer(i * 1000), skip, i * 1000)
    const count = (where: string) => db.prepare(`SELECT count(*) FROM market_offers WHERE ${where}`).pluck().get() as number
    // Pruning runs before each insert: the cap holds, plus the one just written.
    expect(count('job_id IS NULL')).toBeLessThanOrEqual(6)
    expect(count('job_id IS NULL')).toBeGreaterThanOrEqual(5)
    expect(count(`offer_id = '${won.offerId}'`)).toBe(1)
    log.seen('m', offer(100_000), skip, 100_000)
    // 90 s later everything unwon but the newest is past the 10 s retention.
    expect(count('job_id IS NULL')).toBe(1)
    expect(count('job_id IS NOT NULL')).toBe(1)
    db.close()
  })
})
