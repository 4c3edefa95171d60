import { monitorEventLoopDelay } from 'node:perf_hooks'
import { Counter, Gauge, Registry } from 'prom-client'
import type { DeviceSample, Inventory, MetricName, SamplerStatus } from '../../../src-preload/contract'
import { metricNames, metrics } from '../telemetry/metrics'

export interface MetricsSource {
  version: string
  shell: string
  inventory(): Inventory | null
  latest(): { samples: DeviceSample[]; sampler: SamplerStatus }
  energyTotals(): Map<string, number>
  now(): number
}

const throttleReasons = ['gpu_idle', 'applications_clocks_setting', 'sw_power_cap', 'hw_slowdown', 'sync_boost', 'sw_thermal_slowdown', 'hw_thermal_slowdown', 'hw_power_brake_slowdown', 'display_clock_setting']

/**
 * Prometheus exposition of the node: GPU gauges labelled like dcgm-exporter (gpu, uuid, model_name),
 * host gauges, energy counters, sampler health, build info and the process's own memory and CPU.
 * (prom-client's default metrics are left out: some of their names fail `promtool check metrics`.)
 * Readings older than three sampling intervals are left out, so Prometheus marks them stale.
 */
export function createPrometheus(source: MetricsSource) {
  const registry = new Registry()
  const gpuLabels = ['gpu', 'uuid', 'model_name'] as const

  /** What one scrape reads, taken once at its start and shared by every collector. */
  function snapshot() {
    const { samples, sampler } = source.latest()
    const maxAge = Math.max(5000, sampler.intervalMs * 3)
    const now = source.now()
    const identities = new Map((source.inventory()?.gpus ?? []).map((g) => [g.key, { gpu: String(g.index), uuid: g.uuid ?? g.key, model_name: g.name }]))
    return { fresh: samples.filter((s) => now - s.ts <= maxAge), sampler, identities }
  }
  let snap: ReturnType<typeof snapshot> | null = null
  const current = () => (snap ??= snapshot())
  const fresh = () => current().fresh
  const gpuIdentity = (key: string) => current().identities.get(key) ?? { gpu: '', uuid: key, model_name: '' }

  for (const name of metricNames) {
    const def = metrics[name]
    const isGpu = def.device === 'gpu'
    new Gauge({
      name: def.prom.name,
      help: def.prom.help,
      labelNames: isGpu ? [...gpuLabels] : [],
      registers: [registry],
      collect() {
        this.reset()
        for (const s of fresh()) {
          const v = s.values[name as MetricName]
          if (v === null || v === undefined || (s.device === 'host') === isGpu) continue
          if (isGpu) this.set(gpuIdentity(s.device), v * def.prom.scale)
          else this.set(v * def.prom.scale)
        }
      }
    })
  }

  new Gauge({
    name: 'ingot_gpu_throttle_active',
    help: 'Whether a clock throttle reason is active (1) or not (0).',
    labelNames: [...gpuLabels, 'reason'],
    registers: [registry],
    collect() {
      this.reset()
      for (const s of fresh()) {
        if (s.device === 'host' || !s.throttle) continue
        for (const reason of throttleReasons) this.set({ ...gpuIdentity(s.device), reason }, s.throttle.includes(reason) ? 1 : 0)
      }
    }
  })

  new Counter({
    name: 'ingot_gpu_energy_joules_total',
    help: 'Energy used by the GPU, integrated from measured power since Ingot started recording it.',
    labelNames: [...gpuLabels],
    registers: [registry],
    collect() {
      this.reset()
      for (const [key, joules] of source.energyTotals()) this.inc(gpuIdentity(key), joules)
    }
  })

  new Gauge({
    name: 'ingot_telemetry_sampler_up',
    help: 'Whether the GPU sampler is delivering readings (1) or not (0).',
    registers: [registry],
    collect() {
      this.set(current().sampler.state === 'running' ? 1 : 0)
    }
  })

  new Counter({
    name: 'ingot_telemetry_sampler_restarts_total',
    help: 'Times the nvidia-smi sampler was restarted after it died or went silent.',
    registers: [registry],
    collect() {
      this.reset()
      this.inc(current().sampler.restarts)
    }
  })

  new Gauge({
    name: 'ingot_gpus',
    help: 'GPUs found by the last hardware scan.',
    registers: [registry],
    collect() {
      this.set(source.inventory()?.gpus.length ?? 0)
    }
  })

  new Gauge({
    name: 'ingot_process_resident_memory_bytes',
    help: 'Resident memory of the Ingot node process.',
    registers: [registry],
    collect() {
      this.set(process.memoryUsage().rss)
    }
  })
  new Gauge({
    name: 'ingot_process_heap_used_bytes',
    help: 'JavaScript heap in use in the Ingot node process.',
    registers: [registry],
    collect() {
      this.set(process.memoryUsage().heapUsed)
    }
  })
  new Counter({
    name: 'ingot_process_cpu_seconds_total',
    help: 'CPU time (user + system) used by the Ingot node process.',
    registers: [registry],
    collect() {
      const { user, system } = process.cpuUsage()
      this.reset()
      this.inc((user + system) / 1e6)
    }
  })

  // Event-loop delay between scrapes: how long a ready callback (an API call, a market frame) waited.
  // The histogram records each 10 ms sampling interval whole; the delay is what exceeds it.
  const loopDelay = monitorEventLoopDelay({ resolution: 10 })
  loopDelay.enable()
  const beyondTick = (ns: number) => Math.max(0, ns - 10e6) / 1e9
  new Gauge({
    name: 'ingot_event_loop_delay_p99_seconds',
    help: '99th percentile of event-loop delay since the previous scrape.',
    registers: [registry],
    collect() {
      this.set(loopDelay.count ? beyondTick(loopDelay.percentile(99)) : 0)
    }
  })
  new Gauge({
    name: 'ingot_event_loop_delay_max_seconds',
    help: 'Longest event-loop delay since the previous scrape.',
    registers: [registry],
    collect() {
      this.set(loopDelay.count ? beyondTick(loopDelay.max) : 0)
    }
  })

  const build = new Gauge({ name: 'ingot_build_info', help: 'Ingot version and shell; always 1.', labelNames: ['version', 'shell', 'node_version'], registers: [registry] })
  build.set({ version: source.version, shell: source.shell, node_version: process.versions.node }, 1)

  return {
    contentType: registry.contentType,
    async text(): Promise<string> {
      snap = snapshot()
      try {
        return await registry.metrics()
      } finally {
        snap = null
        loopDelay.reset()
      }
    }
  }
}

export type Prometheus = ReturnType<typeof createPrometheus>
