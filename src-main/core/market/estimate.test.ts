import { describe, expect, it } from 'vitest'
import type { Pricing } from './bidPolicy'
import { estimateDemoEarnings } from './estimate'

const T = new Date(2026, 11, 3, 12, 0).getTime()
const facts = { region: 'any', vramMiB: 0, backend: 'wasm', paused: false, busy: 0, capacity: 2 }
const pricing: Pricing = { floorMicroPerGpuHour: 50_000, tariffMicroPerKwh: 300_000, powerWatts: null, marginPct: 20, surplusShare: 0.6 }
// A node that computes 20 GFLOP/s.
const predictMs = (w: { flops: number }) => ({ ms: w.flops / 20e6 })

describe('earnings estimate', () => {
  it('needs a benchmark', async () => {
    expect(await estimateDemoEarnings({ now: T, predictMs: () => null, facts, pricing })).toBeNull()
  })

  it('predicts a day of demo credits from the demand model and this node’s bidding policy', async () => {
    const e = (await estimateDemoEarnings({ now: T, predictMs, facts, pricing }))!
    expect(e.currency).toBe('DEMO')
    expect(e.perDayMicro).toBeGreaterThan(0)
    expect(e.bidShare).toBeGreaterThan(0)
    expect(e.bidShare).toBeLessThanOrEqual(1)
    expect(e.jobsPerDay).toBeGreaterThan(0)
    // No power measured: no energy cost, net = gross.
    expect(e).toMatchObject({ energyPerDayMicro: 0, netPerDayMicro: e.perDayMicro })
    expect(e.basis).toMatch(/^A prediction/)
    // Deterministic: the same inputs, the same answer.
    expect(await estimateDemoEarnings({ now: T, predictMs, facts, pricing })).toEqual(e)
  })

  it('follows the owner’s pricing: asking more of the buyers’ room earns more; a floor above every buyer earns nothing', async () => {
    const cheap = (await estimateDemoEarnings({ now: T, predictMs, facts, pricing: { ...pricing, surplusShare: 0 } }))!
    const dear = (await estimateDemoEarnings({ now: T, predictMs, facts, pricing: { ...pricing, surplusShare: 0.9 } }))!
    expect(dear.perDayMicro).toBeGreaterThan(cheap.perDayMicro)
    const priced = (await estimateDemoEarnings({ now: T, predictMs, facts, pricing: { ...pricing, floorMicroPerGpuHour: 1e12 } }))!
    expect(priced.perDayMicro).toBe(0)
    expect(priced.skipped.find((s) => s.reason === 'price')!.share).toBeGreaterThan(0.9)
  })

  it('counts electricity where power is measured', async () => {
    const e = (await estimateDemoEarnings({ now: T, predictMs, facts, pricing: { ...pricing, powerWatts: 200 } }))!
    expect(e.energyPerDayMicro).toBeGreaterThan(0)
    expect(e.netPerDayMicro).toBe(e.perDayMicro - e.energyPerDayMicro)
  })
})
