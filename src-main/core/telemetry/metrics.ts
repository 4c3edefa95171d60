import type { MetricName } from '../../../src-preload/contract'
import { metricInfo } from '../../../src-preload/metricInfo'

export interface MetricDef {
  /** Column in samples_raw; rollup columns are <column>_min/_avg/_max. */
  column: string
  /** Prometheus name (base units) and the factor from our unit to it. */
  prom: { name: string; help: string; scale: number }
}

const storage: Record<MetricName, MetricDef> = {
  utilGpu: { column: 'util_gpu', prom: { name: 'ingot_gpu_utilization_ratio', help: 'Fraction of time a kernel was running on the GPU.', scale: 0.01 } },
  utilMem: { column: 'util_mem', prom: { name: 'ingot_gpu_memory_utilization_ratio', help: 'Fraction of time GPU memory was being read or written.', scale: 0.01 } },
  memUsedMiB: { column: 'mem_used', prom: { name: 'ingot_gpu_memory_used_bytes', help: 'GPU memory in use.', scale: 1024 * 1024 } },
  memTotalMiB: { column: 'mem_total', prom: { name: 'ingot_gpu_memory_total_bytes', help: 'GPU memory installed.', scale: 1024 * 1024 } },
  tempC: { column: 'temp', prom: { name: 'ingot_gpu_temperature_celsius', help: 'GPU core temperature.', scale: 1 } },
  powerW: { column: 'power', prom: { name: 'ingot_gpu_power_watts', help: 'GPU board power draw.', scale: 1 } },
  powerLimitW: { column: 'power_limit', prom: { name: 'ingot_gpu_power_limit_watts', help: 'GPU power limit in force.', scale: 1 } },
  fanPct: { column: 'fan', prom: { name: 'ingot_gpu_fan_speed_ratio', help: 'Fan speed as a fraction of its maximum.', scale: 0.01 } },
  smClockMHz: { column: 'sm_clock', prom: { name: 'ingot_gpu_sm_clock_hertz', help: 'Streaming multiprocessor clock.', scale: 1e6 } },
  memClockMHz: { column: 'mem_clock', prom: { name: 'ingot_gpu_memory_clock_hertz', help: 'Memory clock.', scale: 1e6 } },
  pstate: { column: 'pstate', prom: { name: 'ingot_gpu_pstate', help: 'Performance state number, 0 is the highest.', scale: 1 } },
  cpuUtil: { column: 'cpu_util', prom: { name: 'ingot_host_cpu_utilization_ratio', help: 'Fraction of CPU time not idle, all cores.', scale: 0.01 } },
  ramUsedMiB: { column: 'ram_used', prom: { name: 'ingot_host_memory_used_bytes', help: 'Memory in use by processes (excluding caches).', scale: 1024 * 1024 } },
  ramTotalMiB: { column: 'ram_total', prom: { name: 'ingot_host_memory_total_bytes', help: 'Memory installed.', scale: 1024 * 1024 } }
}

/** Every stored metric, once: storage columns, rollups, /metrics names, and the labels from metricInfo. */
export const metrics = Object.fromEntries(
  Object.entries(storage).map(([name, def]) => [name, { ...def, ...metricInfo[name as MetricName] }])
) as Record<MetricName, MetricDef & (typeof metricInfo)[MetricName]>

export const metricNames = Object.keys(storage) as MetricName[]
export const metricColumns = metricNames.map((m) => metrics[m].column)
