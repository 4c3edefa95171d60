import { create } from 'zustand'

export const pages = [
  { id: 'overview', label: 'Overview' },
  { id: 'hardware', label: 'Hardware' },
  { id: 'jobs', label: 'Jobs' },
  { id: 'earnings', label: 'Earnings' },
  { id: 'sla', label: 'SLA' },
  { id: 'settings', label: 'Settings' }
] as const

export type PageId = (typeof pages)[number]['id']

const fromHash = (): PageId => {
  const id = window.location.hash.replace(/^#\/?/, '')
  return pages.find((p) => p.id === id)?.id ?? 'overview'
}

/** The page lives in the URL hash, so reloads and links (file:// or http) keep it. */
export const useRoute = create<{ page: PageId; go(page: PageId): void }>(() => ({
  page: fromHash(),
  go(page) {
    window.location.hash = `#/${page}`
  }
}))

window.addEventListener('hashchange', () => useRoute.setState({ page: fromHash() }))
