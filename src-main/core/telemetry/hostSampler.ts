import si from 'systeminformation'
import type { DeviceSample } from '../../../src-preload/contract'

export const HOST_DEVICE = 'host'

/** CPU load and memory in use, through systeminformation (reads /proc on Linux: no child process). */
export async function sampleHost(ts: number): Promise<DeviceSample> {
  const [load, mem] = await Promise.all([si.currentLoad(), si.mem()])
  const mib = (b: number) => Math.round(b / (1024 * 1024))
  return {
    device: HOST_DEVICE,
    ts,
    values: { cpuUtil: Math.round(load.currentLoad * 10) / 10, ramUsedMiB: mib(mem.active), ramTotalMiB: mib(mem.total) },
    throttle: null
  }
}
