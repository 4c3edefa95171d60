// The telemetry service end to end in one process: real core, real SQLite, the nvidia-smi
// stand-in (captured output of two RTX 2070) as a real child process, and promtool on /metrics.
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../app'
import { fakeNvidiaSmi } from '../gpu/test/fakeSmi'
import { silentLogger } from '../log'
import { tempDir } from '../test/tempCore'
import { until } from '../test/until'

const UUIDS = ['GPU-12345678-aaaa-bbbb-cccc-0123456789ab', 'GPU-12345678-aaaa-bbbb-cccc-0123456789cd']
const running: { core: Core; remove(): void }[] = []
afterEach(async () => {
  for (const r of running.splice(0)) {
    await r.core.stop()
    r.remove()
  }
})

async function startCore(nvidiaSmi = fakeNvidiaSmi) {
  const d = tempDir()
  const core = createCore({ dataDir: d.dir, log: silentLogger(), shell: 'headless', nvidiaSmi, rocmSmi: '/nonexistent/rocm-smi' })
  running.push({ core, remove: d.remove })
  await core.dispatch('settings.update', [{ telemetryIntervalMs: 250 }])
  await core.start()
  return core
}


describe('telemetry service', () => {
  it('finds both GPUs, samples them live, stores the samples and serves /metrics that promtool accepts', async () => {
    const core = await startCore()
    const inventory = await core.api['gpu.list']()
    expect(inventory.gpus.filter((g) => g.vendor === 'NVIDIA').map((g) => g.key)).toEqual(UUIDS)
    expect(inventory.gpus[0]).toMatchObject({ name: 'NVIDIA GeForce RTX 2070', computeCapability: '7.5', live: true, vramMiB: 8192 })
    expect(inventory.tools.nvidiaSmi.state).toBe('ok')
    expect(inventory.host.cpuCores).toBeGreaterThan(0)

    const seen = new Set<string>()
    core.events.on('telemetry.sample', (s) => seen.add(s.device))
    await until(() => UUIDS.every((u) => seen.has(u)) && seen.has('host'))
    const latest = await core.api['telemetry.latest']()
    expect(latest.sampler.state).toBe('running')
    expect(latest.samples.find((s) => s.device === UUIDS[0])!.values.memTotalMiB).toBe(8192)

    await until(async () => {
      core.telemetry.flush()
      const r = await core.dispatch('telemetry.query', [{ device: UUIDS[1], metric: 'tempC', from: Date.now() - 60_000, to: Date.now() }])
      return r.ok && (r.value as { t: number[] }).t.length >= 3
    })
    expect(core.telemetry.energyTotals().get(UUIDS[1]!)).toBeGreaterThan(0)

    const text = await core.prometheus.text()
    for (const u of UUIDS) expect(text).toContain(`ingot_gpu_temperature_celsius{gpu="${UUIDS.indexOf(u)}",uuid="${u}",model_name="NVIDIA GeForce RTX 2070"}`)
    expect(text).toMatch(/^ingot_build_info\{version="[^"]+",shell="headless",node_version="[^"]+"\} 1$/m)
    expect(text).toMatch(/^ingot_host_memory_total_bytes \d+/m)
    expect(text).toMatch(/^ingot_gpu_energy_joules_total\{/m)
    expect(text).toMatch(/^ingot_telemetry_sampler_up 1$/m)

    // The shipped Grafana dashboard only asks for metrics the node exports.
    const dashboard = readFileSync(join(__dirname, '../../../resources/grafana/ingot-dashboard.json'), 'utf8')
    const asked = new Set(dashboard.match(/ingot_[a-z_]+/g))
    expect(asked.size).toBeGreaterThan(8)
    for (const name of asked) expect(text, name).toContain(`# TYPE ${name} `)

    const promtool = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' })
    if (promtool.error && process.env.CI !== 'true') {
      console.warn(`promtool not installed (apt-get install prometheus); /metrics lint skipped: ${promtool.error.message}`)
    } else {
      expect(promtool.error).toBeUndefined()
      expect(`${promtool.stdout}${promtool.stderr}`.trim()).toBe('')
      expect(promtool.status).toBe(0)
    }
  })

  it('with no nvidia-smi, says why no GPU was found and still samples the host', async () => {
    const core = await startCore('/nonexistent/nvidia-smi')
    const inventory = await core.api['gpu.list']()
    expect(inventory.gpus).toEqual([])
    expect(inventory.noGpuReason).toMatch(/nvidia-smi is not installed.*CPU compute/)
    expect(inventory.tools.nvidiaSmi.state).toBe('missing')
    await until(async () => (await core.api['telemetry.latest']()).samples.some((s) => s.device === 'host'))
    expect((await core.api['telemetry.latest']()).sampler).toMatchObject({ state: 'running', detail: expect.stringMatching(/no GPU with live readings/) })
  })

  it('changes the sampling interval when the setting changes', async () => {
    const core = await startCore()
    await until(async () => (await core.api['telemetry.latest']()).sampler.state === 'running')
    await core.dispatch('settings.update', [{ telemetryIntervalMs: 1500 }])
    expect((await core.api['telemetry.latest']()).sampler.intervalMs).toBe(1500)
    // The stream was restarted at the new rate: readings of one GPU now come ~1.5 s apart, not 0.25 s.
    const times: number[] = []
    const off = core.events.on('telemetry.sample', (s) => s.device === UUIDS[0] && times.push(s.ts))
    await until(() => times.length >= 3)
    off()
    expect(times[2]! - times[1]!).toBeGreaterThan(1000)
  })
})

describe('devices that come and go', () => {
  it('scans again when a GPU vanishes (eGPU unplugged) and when it comes back', async () => {
    const d = tempDir()
    const script = join(d.dir, 'smi-script.json')
    writeFileSync(script, '{}')
    process.env.INGOT_FAKE_SMI_SCRIPT = script
    try {
      const core = createCore({ dataDir: join(d.dir, 'data'), log: silentLogger(), shell: 'headless', nvidiaSmi: fakeNvidiaSmi, rocmSmi: '/nonexistent/rocm-smi', rescanMinMs: 500 })
      running.push({ core, remove: d.remove })
      await core.dispatch('settings.update', [{ telemetryIntervalMs: 250 }])
      await core.start()
      await until(async () => (await core.api['gpu.list']()).gpus.length === 2)
      writeFileSync(script, JSON.stringify({ hide: [UUIDS[1]] }))
      await until(async () => (await core.api['gpu.list']()).gpus.length === 1)
      expect((await core.api['gpu.list']()).gpus[0]!.key).toBe(UUIDS[0])
      writeFileSync(script, '{}')
      await until(async () => (await core.api['gpu.list']()).gpus.length === 2)
    } finally {
      delete process.env.INGOT_FAKE_SMI_SCRIPT
    }
  })
})
