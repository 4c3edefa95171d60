// Market types of the contract (src-preload/contract.ts re-exports them).

export type MarketState = 'connecting' | 'connected' | 'disconnected' | 'off'

/** The node's link to its market, and what has passed over it since the node started. */
export interface MarketStatus {
  mode: 'embedded' | 'coordinator' | 'off'
  /** 'embedded' or the coordinator's address. */
  market: string
  state: MarketState
  since: number
  /** Key id of the market that signed the welcome (pinned for the session). */
  marketKeyId: string | null
  lastError: string | null
  offersSeen: number
  bids: number
  won: number
  lost: number
  settled: number
}

export type SkipReason = 'paused' | 'busy' | 'region' | 'vram' | 'backend' | 'no-benchmark' | 'sla' | 'price'

/** One offer the node saw, what it did and what came of it. */
export interface MarketOffer {
  offerId: string
  market: string
  seenAt: number
  kind: 'inference' | 'matmul' | 'train'
  title: string
  unit: 'per1kItems' | 'perGpuSecond'
  currency: string
  maxMicro: number
  items: number
  decision: 'bid' | 'skip'
  reason: SkipReason | null
  detail: string
  bidMicro: number | null
  predictedRunMs: number | null
  outcome: 'won' | 'lost' | null
  winningMicro: number | null
  jobId: string | null
}

/** "Why no jobs?" over a period, from the offer log. */
export interface WhyNoJobs {
  from: number
  to: number
  seen: number
  skipped: { reason: SkipReason; count: number; example: string }[]
  bid: number
  won: number
  lost: number
  /** Bids still waiting for the market's decision. */
  open: number
  /** Lost bids: by how much the winner undercut this node, median, in micro-units per the offer's unit (null when the winning price is unknown). */
  lostByMedianPct: number | null
  /** With another floor price: offers that would have been bid on, and won at the price that won. */
  whatIf: { floorMicroPerGpuHour: number; wouldBid: number; wouldWin: number }[]
  floorMicroPerGpuHour: number
}

/** A market job as the market settled it (Earnings lists these with the reasons). */
export interface SettledMarketJob {
  jobId: string
  kind: 'inference' | 'matmul' | 'train'
  settledAt: number
  outcome: 'full' | 'penalised' | 'zero'
  reason: string
  totalMicro: number
  currency: string
}

/** Expected earnings from the demo market over the next day — a prediction from the model, never a promise. */
export interface EarningsEstimate {
  currency: string
  perDayMicro: number
  energyPerDayMicro: number
  netPerDayMicro: number
  jobsPerDay: number
  /** Share of sample offers the node would bid on, and why it would skip the others. */
  bidShare: number
  skipped: { reason: SkipReason; share: number }[]
  /** How it was worked out, in one sentence for the person. */
  basis: string
}
