import { describe, expect, it } from 'vitest'
import { energyFigures, energyNote, formatEnergy } from './energyText'
import { approxMicro, formatApprox } from './money'

const base = { jobs: 4, netMicro: 40_000, energyMicro: 0, energyJobs: 0, netAfterEnergyMicro: 40_000 }

describe('energyFigures', () => {
  it('says nothing was measured when no job had power readings, and keeps net = earnings', () => {
    const f = energyFigures(base)
    expect(f).toMatchObject({ measured: false, energyMicro: null, netMicro: 40_000 })
    expect(f.source).toMatch(/no electricity is subtracted/)
  })
  it('subtracts measured electricity and names the source and how many jobs', () => {
    const f = energyFigures({ ...base, energyMicro: 3_000, energyJobs: 4, netAfterEnergyMicro: 37_000 })
    expect(f).toMatchObject({ measured: true, energyMicro: 3_000, netMicro: 37_000 })
    expect(f.source).toBe('Measured GPU power × your tariff at the time, during 4 jobs.')
  })
  it('says when only some jobs were measured', () => {
    expect(energyFigures({ ...base, energyMicro: 1, energyJobs: 1, netAfterEnergyMicro: 39_999 }).source).toContain('1 of 4 jobs')
  })
  it('a measured 0 is still measured', () => {
    expect(energyFigures({ ...base, energyJobs: 2 })).toMatchObject({ measured: true, energyMicro: 0 })
  })
})

describe('energyNote', () => {
  it('tells apart measured and unmeasured totals', () => {
    expect(energyNote([])).toMatch(/not measured/)
    expect(energyNote([{ energyJobs: 0 }, { energyJobs: 3 }])).toMatch(/^Electricity: measured GPU power/)
  })
})

describe('formatEnergy', () => {
  it('writes Wh under a kWh, kWh above', () => {
    expect(formatEnergy(3600)).toMatch(/^1[.,]00 Wh$/)
    expect(formatEnergy(36_000)).toMatch(/^10[.,]0 Wh$/)
    expect(formatEnergy(3_600_000 * 1.5)).toMatch(/^1[.,]50 kWh$/)
  })
})

describe('approxMicro', () => {
  it('keeps three significant digits of a predicted amount', () => {
    expect(approxMicro(1_234_567)).toBe(1_230_000)
    expect(approxMicro(12_345)).toBe(12_300)
    expect(approxMicro(999)).toBe(999)
    expect(approxMicro(-45_678)).toBe(-45_700)
    expect(approxMicro(0)).toBe(0)
  })
})

describe('formatApprox', () => {
  it('writes a prediction with three significant digits and no padding', () => {
    const sig3 = (n: number) => n.toLocaleString(undefined, { maximumSignificantDigits: 3 })
    expect(formatApprox(102_000_000)).toBe(sig3(102))
    expect(formatApprox(12_345)).toBe(sig3(0.0123))
    expect(formatApprox(1_234_567)).toBe(sig3(1.23))
    expect(formatApprox(1_234_567)).not.toContain('567')
  })
})
