// Real child processes: the nvidia-smi stand-in in its failure modes (switched by environment).
import { afterEach, describe, expect, it } from 'vitest'
import { silentLogger } from '../log'
import { createNvidiaSmiStream, type NvidiaSmiStream, type StreamStatus } from './nvidiaSmiStream'
import type { NvidiaReading } from './nvidiaQuery'
import { fakeNvidiaSmi } from './test/fakeSmi'
import { until } from '../test/until'

const streams: NvidiaSmiStream[] = []
const saved = { ...process.env }
afterEach(async () => {
  await Promise.all(streams.splice(0).map((s) => s.stop()))
  process.env = { ...saved }
})

function start(env: Record<string, string> = {}, opts: { silenceMs?: number; command?: string } = {}) {
  Object.assign(process.env, env)
  const readings: NvidiaReading[] = []
  const statuses: StreamStatus[] = []
  const stream = createNvidiaSmiStream({
    intervalMs: 100,
    log: silentLogger(),
    command: opts.command ?? fakeNvidiaSmi,
    silenceMs: opts.silenceMs,
    backoff: { initialMs: 50, maxMs: 200 },
    onReading: (r) => readings.push(r),
    onStatus: (s) => statuses.push(s)
  })
  streams.push(stream)
  stream.start()
  return { stream, readings, statuses }
}


describe('nvidia-smi stream', () => {
  it('runs one long-lived process and reads both GPUs every interval', async () => {
    const { readings, statuses, stream } = start()
    await until(() => readings.length >= 8)
    expect(new Set(readings.map((r) => r.uuid))).toEqual(new Set(['GPU-12345678-aaaa-bbbb-cccc-0123456789ab', 'GPU-12345678-aaaa-bbbb-cccc-0123456789cd']))
    expect(statuses.map((s) => s.state)).toEqual(['starting', 'running'])
    expect(stream.status().restarts).toBe(0)
    // The scripted load wave moves the readings.
    expect(new Set(readings.map((r) => r.values.utilGpu)).size).toBeGreaterThan(2)
  })

  it('restarts a process that dies mid-line, ignoring the partial line', async () => {
    const { readings, stream } = start({ INGOT_FAKE_SMI_MODE: 'die-mid-line' })
    await until(() => stream.status().restarts >= 2)
    expect(readings.length).toBeGreaterThanOrEqual(4)
    expect(readings.every((r) => r.uuid.startsWith('GPU-'))).toBe(true)
    expect(stream.status().detail).toMatch(/exited \(code 1\)/)
  })

  it('kills and restarts a process that goes silent', async () => {
    const { stream } = start({ INGOT_FAKE_SMI_MODE: 'hang' }, { silenceMs: 300 })
    await until(() => stream.status().restarts >= 1)
    expect(stream.status().detail).toMatch(/printed nothing for/)
  })

  it('skips garbage lines and keeps reading', async () => {
    const { readings, stream } = start({ INGOT_FAKE_SMI_MODE: 'garbage' })
    await until(() => readings.length >= 6)
    expect(readings.every((r) => r.uuid.startsWith('GPU-') && typeof r.values.tempC === 'number')).toBe(true)
    expect(stream.status()).toMatchObject({ state: 'running', restarts: 0 })
  })

  it('asks for the throttle reasons under their newer name when the driver refuses the older one', async () => {
    const { readings, stream } = start({ INGOT_FAKE_SMI_REFUSE: 'clocks_throttle_reasons.active' })
    await until(() => readings.length >= 2)
    expect(stream.status().restarts).toBe(1)
    // Read under the newer name: throttle reasons still arrive.
    expect(readings.every((r) => Array.isArray(r.throttle))).toBe(true)
    expect(readings[0]!.values.tempC).not.toBeNull()
  })

  it('drops a field the driver refuses and samples without it', async () => {
    const { readings, stream } = start({ INGOT_FAKE_SMI_REFUSE: 'power.limit' })
    await until(() => readings.length >= 2)
    expect(stream.status().restarts).toBe(1)
    expect(stream.fields()).not.toContain('powerLimitW')
    expect(readings[0]!.values.powerLimitW).toBeUndefined()
    expect(readings[0]!.values.powerW).toBeGreaterThan(0)
  })

  it('after dropping a refused field, a failing driver is retried with backoff, not in a tight loop', async () => {
    const { stream } = start({ INGOT_FAKE_SMI_REFUSE: 'clocks_throttle_reasons.active', INGOT_FAKE_SMI_MODE: 'fail' })
    await until(() => stream.status().restarts >= 2)
    await new Promise((r) => setTimeout(r, 1000))
    // Backoff 50, 100, 200, 200… ms: a handful of restarts in a second, not hundreds.
    expect(stream.status().restarts).toBeLessThan(10)
    expect(stream.status().detail).toMatch(/couldn't communicate/)
  })

  it('says the driver is not answering and keeps retrying', async () => {
    const { stream } = start({ INGOT_FAKE_SMI_MODE: 'fail' })
    await until(() => stream.status().restarts >= 2)
    expect(stream.status().detail).toMatch(/couldn't communicate with the NVIDIA driver/)
  })

  it('reports a missing nvidia-smi as unavailable', async () => {
    const { stream } = start({}, { command: '/nonexistent/nvidia-smi' })
    await until(() => stream.status().state === 'unavailable')
    expect(stream.status().detail).toMatch(/not found/)
  })

  it('stops cleanly', async () => {
    const { stream, readings } = start()
    await until(() => readings.length >= 2)
    await stream.stop()
    const n = readings.length
    await new Promise((r) => setTimeout(r, 300))
    expect(readings.length).toBe(n)
    expect(stream.status().state).toBe('stopped')
  })
})
