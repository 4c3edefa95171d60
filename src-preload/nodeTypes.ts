// What the node is doing and why (src-preload/contract.ts re-exports these).

/** Earning: free to work. Waiting: held back for a while (owner active, cooldown, no market). Paused: stopped for a reason. */
export type NodeActivity = 'earning' | 'waiting' | 'paused'

export type PolicyReason = 'manual' | 'too-hot' | 'power' | 'game' | 'gpu-busy' | 'schedule' | 'user-active' | 'unprofitable' | 'no-market' | 'storage' | 'ready'

/** What the node is doing and why, in one line the user can read. */
export interface NodeStatus {
  activity: NodeActivity
  reason: PolicyReason
  /** Set while the owner has paused the node. */
  pausedSince: number | null
  /** When the owner's pause ends by itself (null: until resumed). */
  pausedUntil: number | null
  line: string
  /** When the current reason is expected to end (a countdown), if known. */
  until: number | null
  marketConnected: boolean
  /** The program behind a pause for a game or a busy GPU (or its cooldown), so the owner can dismiss a false alarm. */
  culprit: string | null
}

export interface PauseOptions {
  forMinutes?: number
  untilTomorrow?: boolean
}

/** One change of the node's state, as the policy log keeps it. */
export interface PolicyChange {
  at: number
  activity: NodeActivity
  reason: PolicyReason
  detail: string
}

export type OnboardingChoice = 'done' | 'skipped'
/** The owner's answer to the first-start setup. */
export interface Onboarding {
  choice: OnboardingChoice | null
  /** When it was given (ms since epoch). */
  at: number | null
}
