import type { MetricName } from './contract'

/** What each metric is, for people: shared by the core (storage, /metrics) and the UI. */
export const metricInfo: Record<MetricName, { label: string; unit: string; device: 'gpu' | 'host' }> = {
  utilGpu: { label: 'GPU utilization', unit: '%', device: 'gpu' },
  utilMem: { label: 'Memory controller utilization', unit: '%', device: 'gpu' },
  memUsedMiB: { label: 'VRAM used', unit: 'MiB', device: 'gpu' },
  memTotalMiB: { label: 'VRAM total', unit: 'MiB', device: 'gpu' },
  tempC: { label: 'Temperature', unit: '°C', device: 'gpu' },
  powerW: { label: 'Power draw', unit: 'W', device: 'gpu' },
  powerLimitW: { label: 'Power limit', unit: 'W', device: 'gpu' },
  fanPct: { label: 'Fan speed', unit: '%', device: 'gpu' },
  smClockMHz: { label: 'SM clock', unit: 'MHz', device: 'gpu' },
  memClockMHz: { label: 'Memory clock', unit: 'MHz', device: 'gpu' },
  pstate: { label: 'Performance state (P0 = fastest)', unit: '', device: 'gpu' },
  cpuUtil: { label: 'CPU utilization', unit: '%', device: 'host' },
  ramUsedMiB: { label: 'RAM used', unit: 'MiB', device: 'host' },
  ramTotalMiB: { label: 'RAM total', unit: 'MiB', device: 'host' }
}
