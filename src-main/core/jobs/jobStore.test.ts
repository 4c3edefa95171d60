import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../db/open'
import { tempDirs } from '../test/tempCore'
import { createJobStore, MAX_INTERRUPTIONS, MEASURED_SECONDS } from './jobStore'

const { fresh, removeAll } = tempDirs()
afterEach(removeAll)

function store() {
  const { db } = openDatabase(fresh())
  const s = createJobStore(db)
  const add = (id: string) =>
    s.insert({ id, kind: 'matmul', source: 'local', state: 'queued', bundle: { skeleton: '{}', data: Buffer.alloc(0) }, bundleDigest: 'd', items: 1, deadline: 10_000, price: { currency: 'DEMO', unit: 'per1kItems', microUnits: 1 }, sla: { maxLatencyMsP95: null, minThroughputPerSec: null, minAccuracy: null, deadline: 10_000 }, region: 'any', batchSize: 1, submittedAt: 1, progressTotal: 1 })
  return { db, s, add }
}

describe('job store after a crash', () => {
  it('ends a job the owner was cancelling as cancelled, requeues the others, and releases one interrupted too often', () => {
    const { db, s, add } = store()
    for (const id of ['cancelling', 'plain', 'tired']) {
      add(id)
      s.markRunning(id, 2)
    }
    s.requestCancel('cancelling')
    db.prepare('UPDATE jobs SET interruptions = ? WHERE id = ?').run(MAX_INTERRUPTIONS - 1, 'tired')
    expect(s.recoverInterrupted(3)).toEqual({ requeued: ['plain'], released: ['tired'], cancelled: ['cancelling'] })
    expect(s.meta('cancelling')).toMatchObject({ state: 'cancelled', error_code: 'E_CANCELLED', verdict: null })
    expect(s.meta('plain')).toMatchObject({ state: 'queued', interruptions: 1 })
    // Released: the node did not deliver, which counts against its SLA; its data is not kept.
    expect(s.meta('tired')).toMatchObject({ state: 'failed', met: 0, interruptions: MAX_INTERRUPTIONS })
    expect(s.bundle('tired')).toBeUndefined()
    expect(s.bundle('plain')).toEqual({ skeleton: '{}', data: Buffer.alloc(0) })
    db.close()
  })
})

describe('working power', () => {
  const ran = (db: ReturnType<typeof store>['db'], id: string, startedAt: number, ms: number, joules: number) =>
    db.prepare("UPDATE jobs SET state = 'done', started_at = ?, ended_at = ?, energy_j = ? WHERE id = ?").run(startedAt, startedAt + ms, joules, id)

  it('is no figure until the newest jobs span enough time for the sampled meter to measure them', () => {
    const { db, s, add } = store()
    // Short jobs between telemetry samples read 0 J: that is no reading, not a GPU drawing nothing.
    for (let i = 0; i < 20; i++) {
      add(`short-${i}`)
      ran(db, `short-${i}`, 1000 + i * 200, 100, 0)
    }
    expect(s.workingWatts()).toBeNull()
    // Long enough together: 12 s at 150 W, newest first, and the short ones before them do not count.
    for (let i = 0; i < 3; i++) {
      add(`long-${i}`)
      ran(db, `long-${i}`, 100_000 + i * 10_000, 4000, 600)
    }
    expect(MEASURED_SECONDS).toBeLessThanOrEqual(12)
    expect(s.workingWatts()).toBe(150)
    db.close()
  })
})
