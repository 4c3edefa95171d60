import type { JobKind, JobQuery, JobState, JobSummary } from '../../src-preload/contract'

export interface JobFilters {
  kind: JobKind | ''
  state: JobState | ''
  verdict: '' | 'met' | 'breached'
  /** Local dates as an <input type="date"> gives them (YYYY-MM-DD); both ends included. */
  from: string
  to: string
}

export const noFilters: JobFilters = { kind: '', state: '', verdict: '', from: '', to: '' }
const HISTORY_LIMIT = 200

/** Local midnight starting a YYYY-MM-DD date, `plusDays` later; undefined when the text is no date. */
function localDate(text: string, plusDays = 0): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  if (!m) return undefined
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + plusDays).getTime()
}

/** The filters as the core's query: the "to" day is included up to its end. */
export function toQuery(f: JobFilters): JobQuery {
  const q: JobQuery = { limit: HISTORY_LIMIT }
  if (f.kind) q.kind = f.kind
  if (f.state) q.state = f.state
  if (f.verdict) q.met = f.verdict === 'met'
  const from = localDate(f.from)
  const to = localDate(f.to, 1)
  if (from !== undefined) q.from = from
  if (to !== undefined) q.to = to
  return q
}

export const filtersActive = (f: JobFilters): boolean => Object.values(f).some((v) => v !== '')

/** Whether a pushed job belongs in the filtered history, by the same rules the core's query uses. */
function matches(job: JobSummary, q: JobQuery): boolean {
  if (q.kind && job.kind !== q.kind) return false
  if (q.state && job.state !== q.state) return false
  if (q.met !== undefined && job.met !== q.met) return false
  if (q.from !== undefined && job.submittedAt < q.from) return false
  if (q.to !== undefined && job.submittedAt >= q.to) return false
  return true
}

const isActive = (j: JobSummary) => j.state === 'queued' || j.state === 'running'

/** Running first, then the queue in the order it will run (oldest first). */
export function sortActive(jobs: JobSummary[]): JobSummary[] {
  return jobs.sort((a, b) => (a.state === b.state ? a.submittedAt - b.submittedAt : a.state === 'running' ? -1 : 1))
}

/**
 * A pushed job into the filtered history, newest first, kept to the query's limit as a reload would
 * be: a busy node pushes several jobs a second, and an uncapped list made the page redraw thousands
 * of rows for each.
 */
export function upsertHistory(jobs: JobSummary[], job: JobSummary, q: JobQuery): JobSummary[] {
  const rest = jobs.filter((j) => j.id !== job.id)
  if (!matches(job, q)) return rest.length === jobs.length ? jobs : rest
  if (rest.length < jobs.length) return jobs.map((j) => (j.id === job.id ? job : j))
  return [job, ...rest].sort((a, b) => b.submittedAt - a.submittedAt).slice(0, q.limit ?? HISTORY_LIMIT)
}

export function upsertActive(active: JobSummary[], job: JobSummary): JobSummary[] {
  const rest = active.filter((j) => j.id !== job.id)
  return isActive(job) ? sortActive([...rest, job]) : rest
}
