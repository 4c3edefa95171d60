import { describe, expect, it } from 'vitest'
import type { JobSummary } from '../../src-preload/contract'
import { noFilters, toQuery, upsertActive, upsertHistory } from './jobLists'

const job = (n: number, o: Partial<JobSummary> = {}): JobSummary => ({
  id: `job-${n}`,
  kind: 'inference',
  source: 'market',
  state: 'done',
  submittedAt: n,
  startedAt: n,
  endedAt: n + 1,
  items: 10,
  progress: { done: 10, total: 10 },
  met: true,
  payMicro: 1,
  settledAt: n + 2,
  currency: 'DEMO',
  deadline: n + 1000,
  interruptions: 0,
  error: null,
  ...o
})

describe('the Jobs page lists, as pushes change them', () => {
  it('keeps the history to the query limit, newest first, however many jobs a busy node pushes', () => {
    const q = toQuery(noFilters)
    let history: JobSummary[] = []
    for (let n = 1; n <= q.limit! + 50; n++) history = upsertHistory(history, job(n), q)
    expect(history).toHaveLength(q.limit!)
    expect(history[0]!.id).toBe(`job-${q.limit! + 50}`)
    expect(history.at(-1)!.id).toBe('job-51')
    // An update of a listed job replaces it in place; one that no longer matches the filters leaves.
    const updated = upsertHistory(history, job(100, { met: false }), q)
    expect(updated.find((j) => j.id === 'job-100')!.met).toBe(false)
    expect(upsertHistory(updated, job(100, { met: false }), toQuery({ ...noFilters, verdict: 'met' })).some((j) => j.id === 'job-100')).toBe(false)
  })

  it('keeps queued and running jobs only, running first', () => {
    let active = upsertActive([], job(2, { state: 'queued' }))
    active = upsertActive(active, job(3, { state: 'running' }))
    expect(active.map((j) => j.id)).toEqual(['job-3', 'job-2'])
    expect(upsertActive(active, job(3, { state: 'done' })).map((j) => j.id)).toEqual(['job-2'])
  })
})
