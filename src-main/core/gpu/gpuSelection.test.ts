// GPUs kept back by the owner: hidden from CUDA in a restarted compute runner (its real environment,
// read from /proc), and not offered to the market. The two GPUs are the nvidia-smi stand-in's
// captured RTX 2070s.
import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import type { Inventory } from '../../../src-preload/contract'
import { createCore, type Core } from '../app'
import { silentLogger } from '../log'
import { builtRunner, tempDir } from '../test/tempCore'
import { until } from '../test/until'
import { cudaVisibleDevices, offeredGpus } from './gpuSelection'
import { fakeNvidiaSmi } from './test/fakeSmi'

const UUIDS = ['GPU-12345678-aaaa-bbbb-cccc-0123456789ab', 'GPU-12345678-aaaa-bbbb-cccc-0123456789cd']
const inv = { gpus: UUIDS.map((uuid, index) => ({ key: uuid, uuid, index, vendor: 'NVIDIA', name: 'RTX 2070', vramMiB: 8192 })) } as unknown as Inventory

const running: { core: Core; remove(): void }[] = []
afterEach(async () => {
  for (const r of running.splice(0)) {
    await r.core.stop()
    r.remove()
  }
})

describe('GPU selection', () => {
  it('leaves CUDA alone until a GPU is kept back, then names the offered ones by UUID', () => {
    expect(cudaVisibleDevices(inv, { disabledGpus: [] })).toBeNull()
    expect(cudaVisibleDevices(inv, { disabledGpus: [UUIDS[0]!] })).toBe(UUIDS[1])
    expect(cudaVisibleDevices(inv, { disabledGpus: UUIDS })).toBe('')
    expect(cudaVisibleDevices(null, { disabledGpus: UUIDS })).toBeNull()
    expect(offeredGpus(inv, { disabledGpus: [UUIDS[1]!] }).map((g) => g.key)).toEqual([UUIDS[0]])
  })

  it('restarts the compute runner without the GPU the owner keeps back', async () => {
    const d = tempDir()
    const core = createCore({ dataDir: d.dir, log: silentLogger(), shell: 'headless', nvidiaSmi: fakeNvidiaSmi, rocmSmi: '/nonexistent/rocm-smi', runnerFile: builtRunner, autoBenchmark: false, market: false })
    running.push({ core, remove: d.remove })
    await core.start()
    await until(async () => (await core.api['gpu.list']()).gpus.length === 2, 20_000)
    await until(() => core.bench.backend().state === 'ready', 60_000)
    const runnerPid = () => Number(readFileSync(`/proc/${process.pid}/task/${process.pid}/children`, 'utf8').trim().split(/\s+/).find((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('computeRunner')))
    const before = runnerPid()
    expect(readFileSync(`/proc/${before}/environ`, 'utf8')).not.toContain('CUDA_VISIBLE_DEVICES=')
    await core.api['settings.update']({ disabledGpus: [UUIDS[0]!] })
    await until(() => runnerPid() !== before && core.bench.backend().state === 'ready', 60_000)
    expect(readFileSync(`/proc/${runnerPid()}/environ`, 'utf8').split('\0')).toContain(`CUDA_VISIBLE_DEVICES=${UUIDS[1]}`)
  }, 120_000)
})
