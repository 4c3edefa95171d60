import type { Api, AppInfo, Method } from '../../../src-preload/contract'
import type { EventHub } from '../events'
import type { SettingsStore } from '../settings/settingsStore'
import type { NodeState } from '../state/nodeState'
import type { TelemetryService } from '../telemetry/telemetryService'
import type { BenchService } from '../compute/benchService'

export type Handlers = { [M in Method]: (...args: Parameters<Api[M]>) => ReturnType<Api[M]> }

export interface HandlerDeps {
  info: () => AppInfo
  settings: SettingsStore
  node: NodeState
  events: EventHub
  telemetry: TelemetryService
  bench: BenchService
}

/** One handler per contract method; arguments arrive already validated. */
export function createHandlers({ info, settings, node, events, telemetry, bench }: HandlerDeps): Handlers {
  const setPaused = async (paused: boolean) => {
    if (node.setPaused(paused)) events.emit('node.status', node.status())
    return node.status()
  }
  return {
    'app.info': async () => info(),
    'settings.get': async () => settings.get(),
    'settings.update': async (patch) => {
      const { settings: next, changed } = settings.update(patch, 'user')
      if (changed) {
        events.emit('settings.changed', next)
        await telemetry.setInterval(next.telemetryIntervalMs)
      }
      return next
    },
    'settings.history': async (query) => settings.history(query?.limit ?? 50),
    'node.status': async () => node.status(),
    'node.pause': () => setPaused(true),
    'node.resume': () => setPaused(false),
    'gpu.list': () => telemetry.inventory(),
    'gpu.rescan': () => telemetry.rescan(),
    'gpu.processes': async () => telemetry.processes(),
    'telemetry.latest': async () => telemetry.latest(),
    'telemetry.query': async (q) => telemetry.query(q),
    'telemetry.energy': async ({ from, to }) => telemetry.energy(from, to),
    'bench.run': async (options) => bench.run(options?.mode ?? 'full'),
    'bench.cancel': async (id) => bench.cancel(id),
    'bench.history': async (query) => bench.history(query?.limit ?? 20),
    'bench.backend': async () => bench.backend(),
    'bench.model': async () => bench.model()
  }
}
