import type { JobKind, JobState } from '../../src-preload/contract'
import { filtersActive, noFilters, useJobsStore, type JobFilters as Filters } from '../stores/jobsStore'
import { kindLabels, stateLabels } from './jobText'

/** Kind, state, verdict and date filters for the job history; the core does the filtering. */
export function JobFilters() {
  const filters = useJobsStore((s) => s.filters)
  const setFilters = useJobsStore((s) => s.setFilters)
  const set = (patch: Partial<Filters>) => setFilters(patch)
  return (
    <div className="filters" role="group" aria-label="Filter jobs">
      <label>
        Kind{' '}
        <select value={filters.kind} onChange={(e) => set({ kind: e.target.value as JobKind | '' })}>
          <option value="">any</option>
          {(Object.keys(kindLabels) as JobKind[]).map((k) => (
            <option key={k} value={k}>
              {kindLabels[k]}
            </option>
          ))}
        </select>
      </label>
      <label>
        State{' '}
        <select value={filters.state} onChange={(e) => set({ state: e.target.value as JobState | '' })}>
          <option value="">any</option>
          {(Object.keys(stateLabels) as JobState[]).map((k) => (
            <option key={k} value={k}>
              {stateLabels[k]}
            </option>
          ))}
        </select>
      </label>
      <label>
        SLA{' '}
        <select value={filters.verdict} onChange={(e) => set({ verdict: e.target.value as Filters['verdict'] })}>
          <option value="">any</option>
          <option value="met">all bounds met</option>
          <option value="breached">breached</option>
        </select>
      </label>
      <label>
        From <input type="date" value={filters.from} max={filters.to || undefined} onChange={(e) => set({ from: e.target.value })} />
      </label>
      <label>
        To <input type="date" value={filters.to} min={filters.from || undefined} onChange={(e) => set({ to: e.target.value })} />
      </label>
      <button type="button" onClick={() => setFilters(noFilters)} disabled={!filtersActive(filters)}>
        Clear filters
      </button>
    </div>
  )
}
