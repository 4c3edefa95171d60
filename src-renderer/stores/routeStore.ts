import { create } from 'zustand'

export const pages = [
  { id: 'overview', label: 'Overview' },
  { id: 'hardware', label: 'Hardware' },
  { id: 'jobs', label: 'Jobs' },
  { id: 'earnings', label: 'Earnings' },
  { id: 'sla', label: 'SLA' },
  { id: 'market', label: 'Market' },
  { id: 'settings', label: 'Settings' },
  { id: 'logs', label: 'Logs' }
] as const

export type PageId = (typeof pages)[number]['id']

interface Route {
  page: PageId
  /** What the page shows inside itself, e.g. the job whose detail is open (#/jobs/<id>). */
  param: string | null
}

const fromHash = (): Route => {
  const [id = '', ...rest] = window.location.hash.replace(/^#\/?/, '').split('/')
  const page = pages.find((p) => p.id === id)?.id
  if (!page) return { page: 'overview', param: null }
  const param = rest.length ? decodeURIComponent(rest.join('/')) : ''
  return { page, param: param || null }
}

/** The address of a page (and what it shows), for links. */
export const hrefOf = (page: PageId, param?: string | null): string => `#/${page}${param ? `/${encodeURIComponent(param)}` : ''}`

/** The page lives in the URL hash, so reloads and links (app:// or http) keep it. */
export const useRoute = create<Route & { go(page: PageId, param?: string | null): void }>(() => ({
  ...fromHash(),
  go(page, param) {
    window.location.hash = hrefOf(page, param)
  }
}))

window.addEventListener('hashchange', () => useRoute.setState(fromHash()))
