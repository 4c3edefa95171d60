import { cpus } from 'node:os'
import si from 'systeminformation'
import type { DeviceSample } from '../../../src-preload/contract'

export const HOST_DEVICE = 'host'

type Ticks = { busy: number; total: number }

function ticks(): Ticks {
  let busy = 0
  let total = 0
  for (const { times: t } of cpus()) {
    const all = t.user + t.nice + t.sys + t.idle + t.irq
    total += all
    busy += all - t.idle
  }
  return { busy, total }
}

/**
 * Share of all cores busy since the last reading, in %, from the kernel's tick counters that
 * os.cpus() reads in-process. systeminformation's currentLoad() ran `cat /proc/stat | grep cpu`
 * through execSync on Linux: a shell and two processes each second, blocking the node's thread
 * for 3–10 ms in the middle of jobs.
 */
export function cpuLoadMeter(): () => number {
  let last = ticks()
  return () => {
    const now = ticks()
    const total = now.total - last.total
    const busy = now.busy - last.busy
    last = now
    return total > 0 ? Math.min(100, Math.max(0, (100 * busy) / total)) : 0
  }
}

/** CPU load and memory in use: a host sampler, with the load since its previous sample. */
export function hostSampler(): (ts: number) => Promise<DeviceSample> {
  const load = cpuLoadMeter()
  return async (ts) => {
    // si.mem() reads /proc/meminfo asynchronously on Linux.
    const mem = await si.mem()
    const mib = (b: number) => Math.round(b / (1024 * 1024))
    return {
      device: HOST_DEVICE,
      ts,
      values: { cpuUtil: Math.round(load() * 10) / 10, ramUsedMiB: mib(mem.active), ramTotalMiB: mib(mem.total) },
      throttle: null
    }
  }
}
