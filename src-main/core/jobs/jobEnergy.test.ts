// Net, not gross: a job's GPU energy is measured while it runs (here from the nvidia-smi stand-in's
// captured readings of two RTX 2070, a real child process), priced at the tariff of the time, and
// counted against its earnings.
import { afterEach, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../app'
import { fakeNvidiaSmi } from '../gpu/test/fakeSmi'
import { silentLogger } from '../log'
import { builtRunner, tempDir } from '../test/tempCore'
import { until } from '../test/until'
import { longMatmulBundle } from './test/bundles'

const running: { core: Core; remove(): void }[] = []
afterEach(async () => {
  for (const r of running.splice(0)) {
    await r.core.stop()
    r.remove()
  }
})

describe('job energy', () => {
  it('measures the GPU energy of a job, prices it at the tariff and subtracts it from the day’s earnings', async () => {
    const d = tempDir()
    const core = createCore({ dataDir: d.dir, log: silentLogger(), shell: 'headless', nvidiaSmi: fakeNvidiaSmi, rocmSmi: '/nonexistent/rocm-smi', runnerFile: builtRunner, autoBenchmark: false, market: false })
    running.push({ core, remove: d.remove })
    // 1 credit per kWh, flat; sample every 250 ms so a short job spans several readings.
    await core.dispatch('settings.update', [{ telemetryIntervalMs: 250, tariffMicroPerKwh: 1_000_000, tariffPeakMicroPerKwh: 0 }])
    await core.start()
    await until(() => core.telemetry.gpuJoules() !== null, 20_000)
    await until(() => core.bench.backend().state === 'ready', 60_000)
    const bundle = longMatmulBundle(Date.now(), 40_000)
    await core.api['jobs.submit'](bundle)
    await until(async () => (await core.api['jobs.get'](bundle.id)).state === 'done', 60_000)
    const job = await core.api['jobs.get'](bundle.id)
    const seconds = (job.metrics!.durationMs) / 1000
    // Two RTX 2070 readings: between tens and a few hundred watts together.
    expect(job.energyJ!).toBeGreaterThan(0)
    expect(job.energyJ! / Math.max(seconds, 0.25)).toBeLessThan(1000)
    expect(job.energyCostMicro).toBe(Math.round((job.energyJ! / 3.6e6) * 1_000_000))

    const today = (await core.api['earnings.summary']()).periods.find((p) => p.period === 'today')!.totals[0]!
    expect(today).toMatchObject({ currency: 'DEMO', energyJobs: 1, energyMicro: job.energyCostMicro })
    expect(today.netAfterEnergyMicro).toBe(today.netMicro - today.energyMicro)
  }, 120_000)

  it('stores no energy where nothing measures GPU power', async () => {
    const d = tempDir()
    const core = createCore({ dataDir: d.dir, log: silentLogger(), shell: 'headless', nvidiaSmi: '/nonexistent/nvidia-smi', rocmSmi: '/nonexistent/rocm-smi', runnerFile: builtRunner, autoBenchmark: false, market: false })
    running.push({ core, remove: d.remove })
    await core.start()
    await until(() => core.bench.backend().state === 'ready', 60_000)
    const bundle = longMatmulBundle(Date.now(), 200)
    await core.api['jobs.submit'](bundle)
    await until(async () => (await core.api['jobs.get'](bundle.id)).state === 'done', 60_000)
    expect(await core.api['jobs.get'](bundle.id)).toMatchObject({ energyJ: null, energyCostMicro: null })
    expect((await core.api['earnings.summary']()).periods[0]!.totals[0]).toMatchObject({ energyJobs: 0, energyMicro: 0 })
  }, 120_000)
})
