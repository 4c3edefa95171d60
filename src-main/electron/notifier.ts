import type { EventName, EventPayload, NodeStatus, Settings, UpdateStatus } from '../../src-preload/contract'
import { currencyName, microToDecimal } from '../core/ledger/earnings'

export interface NotificationText {
  title: string
  body: string
}

/**
 * Which core events become a desktop notification, and its words; each kind has its own setting.
 * `previous` is the last node status seen, so a pause for heat is told once, when it starts.
 */
export function notificationFor<E extends EventName>(event: E, payload: EventPayload<E>, settings: Settings, previous: NodeStatus | null): NotificationText | null {
  if (event === 'ledger.appended' && settings.notifyJobPaid) {
    const earned = (payload as EventPayload<'ledger.appended'>).filter((e) => e.jobId !== null && (e.kind === 'earning' || e.kind === 'penalty'))
    if (!earned.length) return null
    const total = earned.reduce((s, e) => s + e.amountMicro, 0)
    return { title: 'Job paid', body: `+${microToDecimal(total)} ${currencyName(earned[0]!.currency)}` }
  }
  if (event === 'jobs.changed' && settings.notifySlaBreach) {
    const j = payload as EventPayload<'jobs.changed'>
    if (j.state === 'done' && j.met === false) return { title: 'SLA breached', body: `Job ${j.id.slice(0, 8)} missed a bound: see its detail for why and what was withheld.` }
  }
  if (event === 'node.status' && settings.notifyHeat) {
    const s = payload as EventPayload<'node.status'>
    if (s.reason === 'too-hot' && previous?.reason !== 'too-hot') return { title: 'Paused for heat', body: s.line }
  }
  if (event === 'update.status' && settings.notifyUpdate) {
    const u = payload as UpdateStatus
    if (u.state === 'ready') return { title: 'Update ready', body: `Ingot ${u.version ?? ''} installs when you quit.` }
  }
  return null
}
