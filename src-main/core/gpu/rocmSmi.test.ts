import { describe, expect, it } from 'vitest'
import { parseRocmSmi, rocmSamples } from './rocmSmi'
import { capture } from './test/captures'

describe('rocm-smi --json (real captures)', () => {
  it('four Instinct MI100, ROCm 6.0', () => {
    const cards = parseRocmSmi(capture('rocm-smi-json.4x-instinct-mi100-rocm-6.0.2.json'))
    expect(cards).toHaveLength(4)
    expect(cards[0]!.info).toMatchObject({ key: 'pci:0000:83:00.0', name: 'Arcturus GL-XL [Instinct MI100]', vendor: 'AMD', driverVersion: '6.3.6', vramMiB: 32752, live: true })
    expect(cards[0]!.values).toMatchObject({ utilGpu: 0, tempC: 53, powerW: 36, powerLimitW: 290, smClockMHz: 300, memClockMHz: 1200, memUsedMiB: 6 })
    expect(new Set(cards.map((c) => c.info.key)).size).toBe(4)
  })

  it('Radeon RX 6700 XT, ROCm 6.1 (renamed keys)', () => {
    const [card] = parseRocmSmi(capture('rocm-smi-json.radeon-rx-6700xt-rocm-6.1.2.json'))
    expect(card!.info).toMatchObject({ name: 'Navi 22 [Radeon RX 6700/6700 XT / 6800M]', busId: '0000:07:00.0', vramMiB: 12272 })
    expect(card!.values).toMatchObject({ tempC: 45, powerW: 6, powerLimitW: 211, utilMem: 0, memUsedMiB: 1500 })
  })

  it('Radeon Vega 10 with a fan reading', () => {
    const [card] = parseRocmSmi(capture('rocm-smi-json.radeon-vega-10-xt.json'))
    expect(card!.values).toMatchObject({ fanPct: 13, powerW: 15, utilGpu: 0 })
    expect(rocmSamples([card!], 5)).toEqual([{ device: card!.info.key, ts: 5, values: card!.values, throttle: null }])
  })

  it.each([
    ['not JSON', 'ERROR: GPU[0] : Unable to read'],
    ['the wrong shape', '[1, 2]']
  ])('refuses %s', (_what, text) => {
    expect(() => parseRocmSmi(text)).toThrow(/rocm-smi/)
  })
})
