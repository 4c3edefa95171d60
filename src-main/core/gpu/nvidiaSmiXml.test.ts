import { describe, expect, it } from 'vitest'
import { parseNvidiaSmiXml } from './nvidiaSmiXml'
import { capture } from './test/captures'

describe('nvidia-smi -q -x (real captures)', () => {
  it('Tesla T4, driver 515 (power_readings, ECC on)', () => {
    const [gpu, ...rest] = parseNvidiaSmiXml(capture('nvidia-smi-q-x.tesla-t4-515.105.01.xml'))
    expect(rest).toEqual([])
    expect(gpu).toMatchObject({
      name: 'Tesla T4',
      vendor: 'NVIDIA',
      uuid: 'GPU-d37e67a5-91dd-3774-a5cb-99096249601a',
      busId: '00000000:00:1E.0',
      driverVersion: '515.105.01',
      cudaVersion: '11.7',
      vramMiB: 15360,
      powerLimitW: { default: 70, min: 60, max: 70, enforced: 70 },
      temperatureLimitsC: { slowdown: 93, shutdown: 96, target: null },
      eccMode: 'Enabled',
      eccErrors: { volatileUncorrected: 0, aggregateUncorrected: 0 },
      migMode: null
    })
  })

  it('two GeForce RTX 2070, driver 590 (gpu_power_readings, no ECC)', () => {
    const gpus = parseNvidiaSmiXml(capture('nvidia-smi-q-x.dual-geforce-rtx-2070-590.44.01.xml'))
    expect(gpus.map((g) => [g.name, g.uuid, g.busId])).toEqual([
      ['NVIDIA GeForce RTX 2070', 'GPU-12345678-aaaa-bbbb-cccc-0123456789ab', '00000000:01:00.0'],
      ['NVIDIA GeForce RTX 2070', 'GPU-12345678-aaaa-bbbb-cccc-0123456789cd', '00000000:02:00.0']
    ])
    expect(gpus[0]).toMatchObject({
      driverVersion: '590.44.01',
      cudaVersion: '13.1',
      powerLimitW: { default: 175, min: 125, max: 200, enforced: 175 },
      maxClocksMHz: { graphics: 2100, sm: 2100, memory: 7001 },
      temperatureLimitsC: { slowdown: 91, shutdown: 94, target: 81 },
      eccMode: null,
      eccErrors: { volatileUncorrected: null, aggregateUncorrected: null }
    })
  })

  it('A100 with MIG enabled, driver 535', () => {
    const [gpu] = parseNvidiaSmiXml(capture('nvidia-smi-q-x.a100-sxm4-80gb-mig-535.54.03.xml'))
    expect(gpu).toMatchObject({ name: 'NVIDIA A100-SXM4-80GB', migMode: 'Enabled', eccMode: 'Enabled', driverVersion: '535.54.03', powerLimitW: { enforced: 500, max: 500 } })
    expect(gpu!.vramMiB).toBeGreaterThan(80_000)
  })

  it('GeForce RTX 2080 on Windows, driver 516', () => {
    const [gpu] = parseNvidiaSmiXml(capture('nvidia-smi-q-x.windows-geforce-rtx-2080-516.59.xml'))
    expect(gpu).toMatchObject({ name: 'NVIDIA GeForce RTX 2080', vendor: 'NVIDIA', driverVersion: '516.59' })
    expect(gpu!.uuid).toMatch(/^GPU-/)
  })

  it.each([
    ['not XML', 'NVIDIA-SMI has failed because it couldn’t communicate with the NVIDIA driver.'],
    ['another document', '<?xml version="1.0"?><html><body/></html>'],
    ['a GPU without a UUID', '<nvidia_smi_log><gpu id="0"><product_name>X</product_name></gpu></nvidia_smi_log>']
  ])('refuses %s with a clear error', (_what, text) => {
    expect(() => parseNvidiaSmiXml(text)).toThrow(/nvidia-smi -q -x/)
  })

  it('reads a document with no GPUs as none', () => {
    expect(parseNvidiaSmiXml('<nvidia_smi_log><attached_gpus>0</attached_gpus></nvidia_smi_log>')).toEqual([])
  })
})
