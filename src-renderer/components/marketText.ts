import type { MarketOffer, MarketState, MarketStatus, SettledMarketJob, SkipReason } from '../../src-preload/contract'
import { formatTime } from './format'
import type { PageId } from '../stores/routeStore'

/** Why the node let an offer pass, in the owner's words. */
export const skipReasonLabels: Record<SkipReason, string> = {
  paused: 'paused by you',
  busy: 'busy with other market jobs',
  region: 'outside the buyer’s region',
  vram: 'not enough GPU memory',
  backend: 'compute backend not accepted',
  'no-benchmark': 'no benchmark yet',
  sla: 'SLA predicted miss',
  price: 'buyer’s maximum below your floor'
}

/** Where the owner can change what made the node skip, for the reasons a setting or a step fixes. */
export const skipFixes: Partial<Record<SkipReason, { page: PageId; text: string }>> = {
  'no-benchmark': { page: 'hardware', text: 'run the benchmark' },
  price: { page: 'settings', text: 'change your floor' },
  region: { page: 'settings', text: 'check your region' }
}

export const stateLabels: Record<MarketState, string> = { connecting: 'Connecting', connected: 'Connected', disconnected: 'Disconnected', off: 'Off' }

/** How the market settled a job, in the owner's words (job detail and Earnings say it alike). */
export const settlementOutcomeLabels: Record<SettledMarketJob['outcome'], string> = { full: 'Paid in full', penalised: 'Paid with penalties', zero: 'Not paid' }

/** Which market: "embedded demo market", or the coordinator's address. */
export function marketName(status: MarketStatus): string {
  if (status.mode === 'embedded') return 'embedded demo market'
  if (status.mode === 'coordinator') return `coordinator at ${status.market}`
  return 'no market'
}

export const unitLabels: Record<MarketOffer['unit'], string> = { per1kItems: 'per 1,000 items', perGpuSecond: 'per GPU-second' }

/**
 * The currency the market's prices are in, for labelling amounts the core gives without one (the
 * floor price): the demo market's are demo credits; a coordinator's show on its offers.
 */
export function marketCurrency(status: MarketStatus | null, offers: MarketOffer[]): string {
  if (status?.mode === 'embedded') return 'DEMO'
  return offers.find((o) => o.market === status?.market)?.currency ?? 'credits'
}

/** What to say while no market runs: where to choose one, or why the chosen one is not running. */
export function marketOffText(status: MarketStatus, chosen: MarketStatus['mode'] | undefined): string {
  if (chosen && chosen !== 'off' && status.lastError) return `The ${chosen === 'embedded' ? 'demo market' : 'coordinator'} is not running: ${status.lastError}.`
  return 'Choose a market in Settings: the embedded demo market pays demo credits for real work; a coordinator pays in its own currency.'
}

/**
 * The link's state in one line: "Connected to the embedded demo market since …", "Connecting to
 * coordinator at ws://… (last error: …)", "Off — market turned off for this run".
 */
export function marketStateText(status: MarketStatus): string {
  const error = status.lastError ? ` (last error: ${status.lastError})` : ''
  const name = status.mode === 'embedded' ? `the ${marketName(status)}` : marketName(status)
  switch (status.state) {
    case 'connected':
      return `Connected to ${name} since ${formatTime(status.since)}`
    case 'connecting':
      return `Connecting to ${name}${error}`
    case 'disconnected':
      return `Disconnected from ${name} since ${formatTime(status.since)}${error}`
    case 'off':
      return status.lastError ? `Off — ${status.lastError}` : 'Off — no market chosen'
  }
}
