import type { EventName, NodeStatus, Settings } from '../../src-preload/contract'
import type { Core } from '../core/app'
import { notificationFor, type NotificationText } from './notifier'

/** Shows the core's notable events as desktop notifications (notifier.ts decides which and says what). */
export function wireNotifications(core: Pick<Core, 'events'>, settings: () => Settings, show: (n: NotificationText) => void): () => void {
  let previous: NodeStatus | null = null
  return core.events.onAny((event: EventName, payload: unknown) => {
    const n = notificationFor(event, payload as never, settings(), previous)
    if (event === 'node.status') previous = payload as NodeStatus
    if (n) show(n)
  })
}
