import type { NodeActivity, PolicyChange, PolicyReason } from '../../src-preload/contract'

export const activityLabels: Record<NodeActivity, string> = { earning: 'Earning', waiting: 'Waiting', paused: 'Paused' }
export const activityChip: Record<NodeActivity, string> = { earning: 'chip-ok', waiting: 'chip-wait', paused: 'chip-warn' }

/** Why, in words: every reason the core gives, so a new one fails to compile until it has its words. */
export const reasonLabels: Record<PolicyReason, string> = {
  manual: 'You paused it',
  'too-hot': 'GPU over your temperature limit',
  power: 'GPUs over your power cap',
  game: 'A game or heavy app was running',
  'gpu-busy': 'Another program was using the GPU',
  schedule: 'Outside your schedule',
  'user-active': 'You were using the computer',
  unprofitable: 'Pay below the electricity cost',
  'no-market': 'No market connected',
  storage: 'The disk could not store new work',
  ready: 'Free to work'
}

/** A game or GPU program that closed leaves a cooldown: the node waits with that reason. */
export function reasonText(change: Pick<PolicyChange, 'activity' | 'reason'>): string {
  if (change.activity === 'waiting' && (change.reason === 'game' || change.reason === 'gpu-busy')) return 'Cooling down after a game or GPU program closed'
  return reasonLabels[change.reason] ?? change.reason
}
