import { create } from 'zustand'
import type { EarningsSummary, LedgerEntry, LedgerVerification, SettledMarketJob, SlaSummary } from '../../src-preload/contract'
import { ingot } from '../bridge'

export const slaPeriods = [7, 30, 90] as const
export type SlaDays = (typeof slaPeriods)[number]
const LEDGER_PAGE = 50
/** Recent market settlements the Earnings page lists. */
const SETTLEMENT_LIMIT = 20

interface EarningsStore {
  earnings: EarningsSummary | null
  /** SLA summaries by period in days; 30 is always kept (Overview shows it). */
  sla: Partial<Record<SlaDays, SlaSummary>>
  slaDays: SlaDays
  /** Newest ledger rows first. */
  ledger: LedgerEntry[]
  /** False once a page of older rows came back short: there is nothing older. */
  ledgerMore: boolean
  /** Market jobs as the market settled them, newest first, with the market's reasons. */
  settlements: SettledMarketJob[]
  verification: (LedgerVerification & { checkedAt: number }) | null
  verifying: boolean
  error: string | null
  load(): Promise<void>
  setSlaDays(days: SlaDays): void
  loadOlder(): Promise<void>
  verify(): Promise<void>
}

let summaryRequest = 0

/** Rows by seq, newest first, each once. */
/** Pages of the ledger the owner has opened ("Show older" adds one): pushed rows never grow the list past them. */
let ledgerPages = 1

/** Newest first, as many rows as the pages opened: a busy node appends rows every second. */
function mergeLedger(a: LedgerEntry[], b: LedgerEntry[]): { ledger: LedgerEntry[]; cut: boolean } {
  const bySeq = new Map<number, LedgerEntry>()
  for (const e of [...a, ...b]) bySeq.set(e.seq, e)
  const all = [...bySeq.values()].sort((x, y) => y.seq - x.seq)
  return { ledger: all.slice(0, LEDGER_PAGE * ledgerPages), cut: all.length > LEDGER_PAGE * ledgerPages }
}

/** Earnings, SLA compliance, the ledger and market settlements: all computed by the core from its ledger and stored verdicts. */
export const useEarningsStore = create<EarningsStore>((set, get) => ({
  earnings: null,
  sla: {},
  slaDays: 30,
  ledger: [],
  ledgerMore: false,
  settlements: [],
  verification: null,
  verifying: false,
  error: null,
  async load() {
    const mine = ++summaryRequest
    const days = [...new Set<SlaDays>([30, get().slaDays])]
    try {
      const [earnings, entries, settlements, ...slas] = await Promise.all([
        ingot.call('earnings.summary'),
        ingot.call('ledger.entries', { limit: LEDGER_PAGE }),
        ingot.call('market.settlements', { limit: SETTLEMENT_LIMIT }),
        ...days.map((d) => ingot.call('sla.summary', { days: d }))
      ])
      if (mine !== summaryRequest) return
      // Rows pushed while this load was in flight are kept; so are older pages already loaded.
      const kept = get().ledger
      const merged = mergeLedger(entries, kept)
      set({
        earnings,
        sla: Object.fromEntries(days.map((d, i) => [d, slas[i]!])),
        ledger: merged.ledger,
        ledgerMore: merged.cut || (kept.length > entries.length ? get().ledgerMore : entries.length === LEDGER_PAGE),
        settlements,
        error: null
      })
    } catch (err) {
      if (mine === summaryRequest) set({ error: (err as Error).message })
    }
  },
  setSlaDays(days) {
    // A period seen before shows at once; the reload brings it up to date.
    set({ slaDays: days })
    void get().load()
  },
  async loadOlder() {
    const oldest = get().ledger.at(-1)
    if (!oldest) return
    try {
      const older = await ingot.call('ledger.entries', { limit: LEDGER_PAGE, beforeSeq: oldest.seq })
      ledgerPages++
      set({ ledger: mergeLedger(get().ledger, older).ledger, ledgerMore: older.length === LEDGER_PAGE })
    } catch (err) {
      set({ error: (err as Error).message })
    }
  },
  async verify() {
    set({ verifying: true })
    try {
      const result = await ingot.call('ledger.verify')
      set({ verification: { ...result, checkedAt: Date.now() }, error: null })
    } catch (err) {
      set({ error: (err as Error).message })
    } finally {
      set({ verifying: false })
    }
  }
}))

/** Fetches the ledger as CSV (every row, exact amounts) from the core. */
export const fetchLedgerCsv = (): Promise<string> => ingot.call('earnings.csv')

let reloadTimer: ReturnType<typeof setTimeout> | null = null
/** Jobs end and pay in bursts (state change, then ledger rows): one reload after the burst. */
function reloadSoon(): void {
  // At most one reload per 400 ms, and always one: pushes that never pause must not keep putting it off.
  if (reloadTimer) return
  reloadTimer = setTimeout(() => {
    reloadTimer = null
    void useEarningsStore.getState().load()
  }, 400)
}

ingot.on('ledger.appended', (entries) => {
  const merged = mergeLedger(entries, useEarningsStore.getState().ledger)
  useEarningsStore.setState({ ledger: merged.ledger, ...(merged.cut ? { ledgerMore: true } : {}) })
  reloadSoon()
})
// Only a job that ended changes earnings, SLA compliance or settlements (a settled market job is pushed again, done).
ingot.on('jobs.changed', (job) => {
  if (job.state !== 'queued' && job.state !== 'running') reloadSoon()
})

// Pushes missed while the event stream was down (or not yet open) are recovered by reloading.
ingot.onConnected(() => void useEarningsStore.getState().load())
