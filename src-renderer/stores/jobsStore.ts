import { create } from 'zustand'
import type { JobDetail, JobQuery, JobSummary, NodeIdentity } from '../../src-preload/contract'
import { ingot } from '../bridge'
import { noFilters, sortActive, toQuery, upsertActive, upsertHistory, type JobFilters } from './jobLists'

export { filtersActive, noFilters, toQuery, type JobFilters } from './jobLists'

type Progress = { id: string; done: number; total: number }
const withProgress = <T extends JobSummary>(j: T, p: Progress): T => (j.id === p.id ? { ...j, progress: { done: p.done, total: p.total } } : j)

interface JobsStore {
  /** History matching the filters, newest first. */
  jobs: JobSummary[]
  /** Queued and running jobs, in the order they run. */
  active: JobSummary[]
  filters: JobFilters
  loaded: boolean
  loading: boolean
  error: string | null
  selectedId: string | null
  detail: JobDetail | null
  detailError: string | null
  /** The running job in full, for its SLA bounds. */
  runningDetail: JobDetail | null
  identity: NodeIdentity | null
  /** Jobs a cancel was asked for and not yet answered. */
  cancelling: string[]
  actionError: string | null
  load(): Promise<void>
  setFilters(patch: Partial<JobFilters>): void
  select(id: string | null): Promise<void>
  cancel(id: string): Promise<void>
  submit(bundle: unknown): Promise<{ ok: true; job: JobSummary } | { ok: false; message: string }>
}

/**
 * Pushes that arrived while a load was in flight: the load's answer may predate them, so they are
 * applied again on top of it. Kept only while a load is in flight.
 */
const pushLog: { seq: number; job?: JobSummary; progress?: Progress }[] = []
let seq = 0
let loadsInFlight = 0
let listRequest = 0
let detailRequest = 0
let runningRequest = 0

function replay(since: number, jobs: JobSummary[], active: JobSummary[], q: JobQuery) {
  for (const p of pushLog) {
    if (p.seq <= since) continue
    if (p.job) {
      jobs = upsertHistory(jobs, p.job, q)
      active = upsertActive(active, p.job)
    } else if (p.progress) {
      const progress = p.progress
      jobs = jobs.map((j) => withProgress(j, progress))
      active = active.map((j) => withProgress(j, progress))
    }
  }
  return { jobs, active }
}

export const useJobsStore = create<JobsStore>((set, get) => ({
  jobs: [],
  active: [],
  filters: noFilters,
  loaded: false,
  loading: false,
  error: null,
  selectedId: null,
  detail: null,
  detailError: null,
  runningDetail: null,
  identity: null,
  cancelling: [],
  actionError: null,
  async load() {
    const mine = ++listRequest
    const since = seq
    const q = toQuery(get().filters)
    loadsInFlight++
    set({ loading: true })
    try {
      const [history, running, queued] = await Promise.all([ingot.call('jobs.list', q), ingot.call('jobs.list', { state: 'running', limit: 10 }), ingot.call('jobs.list', { state: 'queued', limit: 500 })])
      if (mine !== listRequest) return
      const fresh = replay(since, history, sortActive([...running, ...queued]), q)
      set({ ...fresh, loaded: true, loading: false, error: null })
      followRunning()
    } catch (err) {
      if (mine === listRequest) set({ error: (err as Error).message, loading: false })
    } finally {
      if (--loadsInFlight === 0) pushLog.length = 0
    }
    if (!get().identity) {
      ingot.call('identity.get').then(
        (identity) => set({ identity }),
        () => {}
      )
    }
  },
  setFilters(patch) {
    set({ filters: { ...get().filters, ...patch } })
    void get().load()
  },
  async select(id) {
    const mine = ++detailRequest
    if (id === null) return set({ selectedId: null, detail: null, detailError: null })
    // Another job: drop the old one at once. The same job (a reload after a push): keep it shown.
    if (id !== get().selectedId) set({ selectedId: id, detail: null, detailError: null })
    try {
      const detail = await ingot.call('jobs.get', id)
      if (mine === detailRequest) set({ detail, detailError: null })
    } catch (err) {
      if (mine === detailRequest) set({ detailError: (err as Error).message })
    }
  },
  async cancel(id) {
    set({ cancelling: [...get().cancelling, id], actionError: null })
    try {
      applyAnswer(await ingot.call('jobs.cancel', id))
    } catch (err) {
      set({ actionError: (err as Error).message })
    } finally {
      set({ cancelling: get().cancelling.filter((c) => c !== id) })
    }
  },
  async submit(bundle) {
    try {
      const job = await ingot.call('jobs.submit', bundle)
      applyAnswer(job)
      return { ok: true, job }
    } catch (err) {
      return { ok: false, message: (err as Error).message }
    }
  }
}))

/** Keeps the running job's detail (its SLA bounds) in step with which job runs. */
function followRunning(): void {
  const running = useJobsStore.getState().active.find((j) => j.state === 'running')
  const shown = useJobsStore.getState().runningDetail
  if (!running) {
    if (shown) useJobsStore.setState({ runningDetail: null })
    return
  }
  if (shown?.id === running.id) return
  const mine = ++runningRequest
  ingot.call('jobs.get', running.id).then(
    (detail) => mine === runningRequest && useJobsStore.setState({ runningDetail: detail }),
    () => {}
  )
}

let detailTimer: ReturnType<typeof setTimeout> | null = null
/** The open detail follows its job: pushes come in bursts (state, ledger rows), one reload serves them. */
function reloadDetailSoon(): void {
  if (detailTimer) clearTimeout(detailTimer)
  detailTimer = setTimeout(() => {
    detailTimer = null
    const id = useJobsStore.getState().selectedId
    if (id) void useJobsStore.getState().select(id)
  }, 150)
}

const stage = (j: JobSummary) => (j.state === 'queued' ? 0 : j.state === 'running' ? 1 : 2)

/**
 * A call's answer (submit, cancel) can arrive after pushes that already moved the job on (a small
 * job may be done before its submit answers): it is applied only when it is not behind them.
 */
function applyAnswer(job: JobSummary): void {
  const { jobs, active } = useJobsStore.getState()
  const known = active.find((j) => j.id === job.id) ?? jobs.find((j) => j.id === job.id)
  if (known && (stage(known) > stage(job) || (stage(known) === stage(job) && known.progress.done > job.progress.done))) return
  applyJob(job)
}

function applyJob(job: JobSummary): void {
  const { jobs, active, filters, selectedId } = useJobsStore.getState()
  useJobsStore.setState({ jobs: upsertHistory(jobs, job, toQuery(filters)), active: upsertActive(active, job) })
  followRunning()
  if (selectedId === job.id) reloadDetailSoon()
}

ingot.on('jobs.changed', (job) => {
  if (loadsInFlight > 0) pushLog.push({ seq: ++seq, job })
  else seq++
  applyJob(job)
})

ingot.on('jobs.progress', (progress) => {
  if (loadsInFlight > 0) pushLog.push({ seq: ++seq, progress })
  else seq++
  const { jobs, active, detail, runningDetail } = useJobsStore.getState()
  useJobsStore.setState({
    jobs: jobs.map((j) => withProgress(j, progress)),
    active: active.map((j) => withProgress(j, progress)),
    detail: detail && withProgress(detail, progress),
    runningDetail: runningDetail && withProgress(runningDetail, progress)
  })
})

ingot.on('ledger.appended', (entries) => {
  const id = useJobsStore.getState().selectedId
  if (id && entries.some((e) => e.jobId === id)) reloadDetailSoon()
})

// Pushes missed while the event stream was down (or not yet open) are recovered by reloading.
ingot.onConnected(() => {
  void useJobsStore.getState().load()
  const id = useJobsStore.getState().selectedId
  if (id) void useJobsStore.getState().select(id)
})
