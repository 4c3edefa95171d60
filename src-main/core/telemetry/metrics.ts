import type { MetricName } from '../../../src-preload/contract'

export interface MetricDef {
  /** Column in samples_raw; rollup columns are <column>_min/_avg/_max. */
  column: string
  unit: string
  label: string
  /** Which devices report it. */
  device: 'gpu' | 'host'
  /** Prometheus name (base units) and the factor from our unit to it. */
  prom: { name: string; help: string; scale: number }
}

/** Every stored metric, once: storage columns, rollups, API names, UI labels, /metrics names. */
export const metrics: Record<MetricName, MetricDef> = {
  utilGpu: { column: 'util_gpu', unit: '%', label: 'GPU utilization', device: 'gpu', prom: { name: 'ingot_gpu_utilization_ratio', help: 'Fraction of time a kernel was running on the GPU.', scale: 0.01 } },
  utilMem: { column: 'util_mem', unit: '%', label: 'Memory controller utilization', device: 'gpu', prom: { name: 'ingot_gpu_memory_utilization_ratio', help: 'Fraction of time GPU memory was being read or written.', scale: 0.01 } },
  memUsedMiB: { column: 'mem_used', unit: 'MiB', label: 'VRAM used', device: 'gpu', prom: { name: 'ingot_gpu_memory_used_bytes', help: 'GPU memory in use.', scale: 1024 * 1024 } },
  memTotalMiB: { column: 'mem_total', unit: 'MiB', label: 'VRAM total', device: 'gpu', prom: { name: 'ingot_gpu_memory_total_bytes', help: 'GPU memory installed.', scale: 1024 * 1024 } },
  tempC: { column: 'temp', unit: '°C', label: 'Temperature', device: 'gpu', prom: { name: 'ingot_gpu_temperature_celsius', help: 'GPU core temperature.', scale: 1 } },
  powerW: { column: 'power', unit: 'W', label: 'Power draw', device: 'gpu', prom: { name: 'ingot_gpu_power_watts', help: 'GPU board power draw.', scale: 1 } },
  powerLimitW: { column: 'power_limit', unit: 'W', label: 'Power limit', device: 'gpu', prom: { name: 'ingot_gpu_power_limit_watts', help: 'GPU power limit in force.', scale: 1 } },
  fanPct: { column: 'fan', unit: '%', label: 'Fan speed', device: 'gpu', prom: { name: 'ingot_gpu_fan_speed_ratio', help: 'Fan speed as a fraction of its maximum.', scale: 0.01 } },
  smClockMHz: { column: 'sm_clock', unit: 'MHz', label: 'SM clock', device: 'gpu', prom: { name: 'ingot_gpu_sm_clock_hertz', help: 'Streaming multiprocessor clock.', scale: 1e6 } },
  memClockMHz: { column: 'mem_clock', unit: 'MHz', label: 'Memory clock', device: 'gpu', prom: { name: 'ingot_gpu_memory_clock_hertz', help: 'Memory clock.', scale: 1e6 } },
  pstate: { column: 'pstate', unit: '', label: 'Performance state (P0 = fastest)', device: 'gpu', prom: { name: 'ingot_gpu_pstate', help: 'Performance state number, 0 is the highest.', scale: 1 } },
  cpuUtil: { column: 'cpu_util', unit: '%', label: 'CPU utilization', device: 'host', prom: { name: 'ingot_host_cpu_utilization_ratio', help: 'Fraction of CPU time not idle, all cores.', scale: 0.01 } },
  ramUsedMiB: { column: 'ram_used', unit: 'MiB', label: 'RAM used', device: 'host', prom: { name: 'ingot_host_memory_used_bytes', help: 'Memory in use by processes (excluding caches).', scale: 1024 * 1024 } },
  ramTotalMiB: { column: 'ram_total', unit: 'MiB', label: 'RAM total', device: 'host', prom: { name: 'ingot_host_memory_total_bytes', help: 'Memory installed.', scale: 1024 * 1024 } }
}

export const metricNames = Object.keys(metrics) as MetricName[]
export const metricColumns = metricNames.map((m) => metrics[m].column)
