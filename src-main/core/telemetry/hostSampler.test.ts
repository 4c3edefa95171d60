import { cpus } from 'node:os'
import { describe, expect, it } from 'vitest'
import { cpuLoadMeter, hostSampler } from './hostSampler'

const busyFor = (ms: number) => {
  const end = performance.now() + ms
  while (performance.now() < end) Math.sqrt(Math.random())
}

describe('host sampler', () => {
  it('measures the CPU a busy core takes, from the kernel counters', () => {
    const load = cpuLoadMeter()
    busyFor(600)
    const busy = load()
    // One of this machine's cores was busy the whole time (others may have been too).
    expect(busy).toBeGreaterThanOrEqual((100 / cpus().length) * 0.6)
    expect(busy).toBeLessThanOrEqual(100)
  })

  it('samples the load since its last sample and the memory in use', async () => {
    const sample = hostSampler()
    busyFor(300)
    const s = await sample(Date.now())
    expect(s).toMatchObject({ device: 'host', throttle: null })
    expect(s.values.cpuUtil).toBeGreaterThan(0)
    expect(s.values.cpuUtil).toBeLessThanOrEqual(100)
    expect(s.values.ramTotalMiB).toBeGreaterThan(s.values.ramUsedMiB!)
  })
})
