import type { EventName, Method } from './contract'

// Runtime lists of the contract's names; `satisfies` makes a missing or extra name a type error.
const methodSet = {
  'app.info': true,
  'app.update': true,
  'settings.get': true,
  'settings.update': true,
  'settings.history': true,
  'node.status': true,
  'node.onboarding': true,
  'node.setOnboarding': true,
  'node.pause': true,
  'node.resume': true,
  'node.history': true,
  'node.heavyApps': true,
  'gpu.list': true,
  'gpu.rescan': true,
  'gpu.processes': true,
  'telemetry.latest': true,
  'telemetry.query': true,
  'telemetry.energy': true,
  'bench.run': true,
  'bench.cancel': true,
  'bench.history': true,
  'bench.backend': true,
  'bench.model': true,
  'jobs.submit': true,
  'market.status': true,
  'market.offers': true,
  'market.why': true,
  'market.estimate': true,
  'market.settlements': true,
  'jobs.list': true,
  'jobs.get': true,
  'jobs.cancel': true,
  'jobs.result': true,
  'ledger.entries': true,
  'ledger.verify': true,
  'earnings.summary': true,
  'earnings.csv': true,
  'sla.summary': true,
  'identity.get': true
} as const satisfies Record<Method, true>

const eventSet = {
  'settings.changed': true,
  'node.status': true,
  'telemetry.sample': true,
  'telemetry.status': true,
  'gpu.inventory': true,
  'bench.progress': true,
  'bench.finished': true,
  'bench.backend': true,
  'jobs.changed': true,
  'jobs.progress': true,
  'ledger.appended': true,
  'market.status': true,
  'update.status': true
} as const satisfies Record<EventName, true>

export const methodNames = Object.keys(methodSet) as Method[]
export const eventNames = Object.keys(eventSet) as EventName[]

export const ipcChannel = (method: Method): string => `ingot:call:${method}`
export const ipcEventChannel = (event: EventName): string => `ingot:event:${event}`
