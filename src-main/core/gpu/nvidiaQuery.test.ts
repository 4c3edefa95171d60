import { describe, expect, it } from 'vitest'
import { parseComputeApps, parseQueryLine, queryFields, throttleNames, unknownField } from './nvidiaQuery'
import { capture, fieldsFromHeader } from './test/captures'

const uuid = 'GPU-ef1b2c9b-38d8-2090-2bd1-f567a3eb42a6'
const line = (values: Record<string, string>) => queryFields.map((f) => values[f.field] ?? (f.field === 'pstate' ? 'P0' : '0')).join(', ')

describe('nvidia-smi --query-gpu lines', () => {
  it('reads a full line in Ingot’s own field order', () => {
    const r = parseQueryLine(
      line({ uuid, 'utilization.gpu': '87', 'memory.used': '10240', 'memory.total': '24576', 'temperature.gpu': '71', 'power.draw': '250.35', 'power.limit': '350.00', 'fan.speed': '65', pstate: 'P2', 'clocks_throttle_reasons.active': '0x0000000000000024' })
    )
    expect(r).toEqual({
      ok: true,
      reading: {
        uuid,
        values: { utilGpu: 87, utilMem: 0, memUsedMiB: 10240, memTotalMiB: 24576, tempC: 71, powerW: 250.35, powerLimitW: 350, fanPct: 65, smClockMHz: 0, memClockMHz: 0, pstate: 2 },
        throttle: ['sw_power_cap', 'sw_thermal_slowdown']
      }
    })
  })

  it('turns [N/A], [Not Supported] and [Unknown Error] into null, not zero', () => {
    const r = parseQueryLine(line({ uuid, 'fan.speed': '[N/A]', 'power.draw': '[Not Supported]', 'temperature.gpu': '[Unknown Error]', 'clocks_throttle_reasons.active': '[N/A]' }))
    expect(r.ok && r.reading.values).toMatchObject({ fanPct: null, powerW: null, tempC: null })
    expect(r.ok && r.reading.throttle).toBeNull()
  })

  it.each([
    ['a partial line (the process died mid-line)', `${uuid}, 45, 3, 1024`],
    ['garbage', 'NVIDIA-SMI has failed because it couldn’t communicate with the NVIDIA driver.'],
    ['an empty line', ''],
    ['a header line', queryFields.map((f) => f.field).join(', ')],
    ['a non-number', line({ uuid, 'temperature.gpu': 'hot' })],
    ['an out-of-range value', line({ uuid, 'utilization.gpu': '250' })],
    ['a bad UUID', line({ uuid: 'not-a-uuid' })],
    ['a bad throttle mask', line({ uuid, 'clocks_throttle_reasons.active': 'Active' })]
  ])('refuses %s with a reason', (_what, text) => {
    const r = parseQueryLine(text)
    expect(r.ok).toBe(false)
    expect(!r.ok && r.reason).toMatch(/\w/)
  })

  it.each([
    ['nvidia-smi-query-gpu.tesla-p100-pcie-16gb.nounits.csv', { fanPct: null, pstate: 0, memUsedMiB: 0, utilGpu: 0, tempC: 37, powerW: 28.16, smClockMHz: 405, memClockMHz: 715 }],
    ['nvidia-smi-query-gpu.h100-80gb-hbm3-mig-590.48.01.load.csv', { pstate: 0 }],
    ['nvidia-smi-query-gpu.h100-80gb-hbm3-mig-590.48.01.idle.csv', { pstate: 0 }],
    ['nvidia-smi-query-gpu.windows-geforce-rtx-2080-super-591.86.idle.csv', {}]
  ])('reads the real capture %s', (file, expected) => {
    const [header, ...rows] = capture(file).trimEnd().split('\n')
    const fields = fieldsFromHeader(header!)
    expect(rows.length).toBeGreaterThan(0)
    for (const row of rows) {
      const r = parseQueryLine(row, fields)
      expect(r.ok, !r.ok ? r.reason : '').toBe(true)
      if (r.ok) expect(r.reading.values).toMatchObject(expected)
    }
  })

  it('reads the H100 under load as busy and hot compared with idle', () => {
    const read = (file: string) => {
      const [header, row] = capture(file).trimEnd().split('\n')
      const r = parseQueryLine(row!, fieldsFromHeader(header!))
      if (!r.ok) throw new Error(r.reason)
      return r.reading
    }
    const idle = read('nvidia-smi-query-gpu.h100-80gb-hbm3-mig-590.48.01.idle.csv')
    const load = read('nvidia-smi-query-gpu.h100-80gb-hbm3-mig-590.48.01.load.csv')
    expect(load.values.powerW!).toBeGreaterThan(idle.values.powerW!)
    expect(load.values.memUsedMiB!).toBeGreaterThan(idle.values.memUsedMiB!)
    expect(load.throttle).not.toBeNull()
  })

  it('names throttle bits', () => {
    expect(throttleNames(0x1ffn)).toHaveLength(9)
    expect(throttleNames(0x40n)).toEqual(['hw_thermal_slowdown'])
    expect(throttleNames(0n)).toEqual([])
  })

  it('finds the field a driver refuses', () => {
    expect(unknownField('Field "clocks_throttle_reasons.active" is not a valid field to query.')).toBe('clocks_throttle_reasons.active')
    expect(unknownField('all fine')).toBeNull()
  })
})

describe('nvidia-smi --query-compute-apps', () => {
  it('reads processes from a real capture, skipping the header', () => {
    const text = capture('nvidia-smi-query-compute-apps.h100-80gb-hbm3-mig-590.48.01.load.csv')
    // That capture asked for more fields; re-cut it to the four Ingot asks for.
    const rows = text
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((l) => l.split(', '))
      .map((p) => [p[4], p[5], p[6], p[7]].join(', '))
    const procs = parseComputeApps(rows.join('\n'))
    expect(procs.map((p) => p.name)).toEqual(['/root/tools/memhog', '/root/tools/memhog', './gpu_burn'])
    expect(procs[2]).toEqual({ gpu: 'GPU-00000000-0000-0000-0000-000000000000', pid: 21198, name: './gpu_burn', usedMiB: 7484 })
  })

  it('handles no processes, [N/A] memory, commas in names and junk', () => {
    expect(parseComputeApps('')).toEqual([])
    expect(parseComputeApps('No running processes found')).toEqual([])
    expect(parseComputeApps('GPU-1, 42, C:\\Games\\a, b.exe, [N/A]\ngarbage\nGPU-1, x, y, 1')).toEqual([{ gpu: 'GPU-1', pid: 42, name: 'C:\\Games\\a, b.exe', usedMiB: null }])
  })
})
