import { create } from 'zustand'
import type { MarketOffer, MarketStatus, WhyNoJobs } from '../../src-preload/contract'
import { ingot } from '../bridge'

export const whyPeriods = [
  { hours: 1, label: '1 h' },
  { hours: 24, label: '24 h' },
  { hours: 24 * 7, label: '7 d' }
] as const
export type WhyHours = (typeof whyPeriods)[number]['hours']

const OFFER_LIMIT = 50
/** The core pushes the link's state, not every offer: an open Market page asks again this often. */
const POLL_MS = 4000

interface MarketStore {
  status: MarketStatus | null
  /** Newest first. */
  offers: MarketOffer[]
  why: WhyNoJobs | null
  whyHours: WhyHours
  /** Offers and "why" have been loaded at least once (the Market page was opened). */
  loaded: boolean
  error: string | null
  loadStatus(): Promise<void>
  /** Status, recent offers and "why no jobs?" together. */
  load(): Promise<void>
  setWhyHours(hours: WhyHours): void
}

/** Bumped by every pushed status: a load answered later must not undo it. */
let pushes = 0
let statusRequest = 0
let detailRequest = 0

/** The node's market link, the offers it saw and why it did or did not bid: all from the core's offer log. */
export const useMarketStore = create<MarketStore>((set, get) => ({
  status: null,
  offers: [],
  why: null,
  whyHours: 24,
  loaded: false,
  error: null,
  async loadStatus() {
    const mine = ++statusRequest
    const before = pushes
    try {
      const status = await ingot.call('market.status')
      if (mine === statusRequest && pushes === before) set({ status, error: null })
    } catch (err) {
      if (mine === statusRequest) set({ error: (err as Error).message })
    }
  },
  async load() {
    const mine = ++detailRequest
    const hours = get().whyHours
    const statusLoaded = get().loadStatus()
    try {
      const [offers, why] = await Promise.all([ingot.call('market.offers', { limit: OFFER_LIMIT }), ingot.call('market.why', { hours })])
      if (mine === detailRequest) set({ offers, why, loaded: true, error: null })
    } catch (err) {
      if (mine === detailRequest) set({ error: (err as Error).message })
    }
    await statusLoaded
  },
  setWhyHours(hours) {
    set({ whyHours: hours })
    void get().load()
  }
}))

let watchers = 0
let pollTimer: ReturnType<typeof setInterval> | null = null

/** Keeps offers and "why" current while a page shows them; returns the function that stops it. */
export function watchMarket(): () => void {
  watchers++
  void useMarketStore.getState().load()
  pollTimer ??= setInterval(() => void useMarketStore.getState().load(), POLL_MS)
  return () => {
    if (--watchers > 0 || !pollTimer) return
    clearInterval(pollTimer)
    pollTimer = null
  }
}

let reloadTimer: ReturnType<typeof setTimeout> | null = null
/** A win and its settlement come as bursts of pushes (job states, ledger rows): one reload per 300 ms of them, never put off for good by pushes that do not pause. */
function reloadSoon(): void {
  if (reloadTimer) return
  reloadTimer = setTimeout(() => {
    reloadTimer = null
    const store = useMarketStore.getState()
    void (watchers > 0 ? store.load() : store.loadStatus())
  }, 300)
}

ingot.on('market.status', (status) => {
  pushes++
  useMarketStore.setState({ status })
})
// Won offers become market jobs; settlements become ledger rows: both change the counts.
ingot.on('jobs.changed', (job) => {
  if (job.source === 'market') reloadSoon()
})
ingot.on('ledger.appended', (entries) => {
  if (entries.some((e) => e.jobId !== null)) reloadSoon()
})

// Pushes missed while the event stream was down (or not yet open) are recovered by reloading.
ingot.onConnected(() => void (watchers > 0 ? useMarketStore.getState().load() : useMarketStore.getState().loadStatus()))
