import { describe, expect, it } from 'vitest'
import { adaptShare, decideBid, jobCostMicro, MAX_SHARE, SAFETY, type NodeFacts, type Pricing } from './bidPolicy'
import type { Offer } from './protocol'

const T = 1_800_000_000_000
const offer = (o: Partial<Offer> = {}): Offer => ({
  offerId: '11111111-1111-4111-8111-111111111111',
  kind: 'inference',
  title: 'digits',
  requirements: { vramMiB: 0, region: 'any', backends: [] },
  sla: { deadline: T + 60_000 },
  work: { kind: 'matmul', flops: 1e9, bytes: 1e6, n: 100, rows: 1000, batchSize: 100 },
  price: { unit: 'per1kItems', maxMicro: 100_000, currency: 'DEMO' },
  items: 1000,
  bundleBytes: 0,
  postedAt: T,
  closesAt: T + 1000,
  ...o
})
const facts: NodeFacts = { region: 'eu-west', vramMiB: 8192, backend: 'wasm', paused: false, busy: 0, capacity: 2 }
const pricing: Pricing = { floorMicroPerGpuHour: 3_600_000, tariffMicroPerKwh: 300_000, powerWatts: null, marginPct: 20, surplusShare: 0 }
// 1 GFLOP at 10 GFLOP/s: 100 ms of compute, 10 batches of 10 ms.
const predict = () => ({ ms: 100 })

describe('bidding policy', () => {
  it('bids the cost price with the fixed strategy: the floor for the GPU time, per the offer unit', () => {
    const d = decideBid(offer(), T, facts, predict, pricing)
    // 3.6 credits per GPU-hour × 100 ms = 100 micro for the job = 100 micro per 1,000 items.
    expect(d).toMatchObject({ decision: 'bid', priceMicro: 100, predicted: { runMs: 100, latencyMsP95: 10, throughputPerSec: 10_000 } })
    const perSecond = decideBid(offer({ price: { unit: 'perGpuSecond', maxMicro: 5000, currency: 'DEMO' } }), T, facts, predict, pricing)
    expect(perSecond).toMatchObject({ decision: 'bid', priceMicro: 1000 })
  })

  it('charges electricity plus margin when that is more than the floor', () => {
    const p = { ...pricing, floorMicroPerGpuHour: 0, powerWatts: 360_000_000 }
    // 360 MW for 100 ms = 10 kWh at 0.3 = 3 credits; +20 % = 3.6 credits = 3,600,000 micro.
    expect(jobCostMicro(100, p)).toEqual({ costMicro: 3_600_000, energyMicro: 3_000_000 })
    expect(decideBid(offer({ price: { unit: 'per1kItems', maxMicro: 10_000_000, currency: 'DEMO' } }), T, facts, predict, p)).toMatchObject({ decision: 'bid', priceMicro: 3_600_000 })
  })

  it('asks a share of the room up to the buyer maximum with the adaptive strategy, more when loaded', () => {
    expect(decideBid(offer(), T, facts, predict, { ...pricing, surplusShare: 0.5 })).toMatchObject({ priceMicro: 100 + Math.floor((100_000 - 100) * 0.5) })
    expect(decideBid(offer(), T, { ...facts, busy: 1 }, predict, { ...pricing, surplusShare: 0.5 })).toMatchObject({ priceMicro: 100 + Math.floor((100_000 - 100) * 0.6) })
    expect(adaptShare(0.6, true)).toBeCloseTo(0.65)
    expect(adaptShare(0.6, false)).toBeCloseTo(0.45)
    expect(adaptShare(MAX_SHARE, true)).toBe(MAX_SHARE)
    expect(adaptShare(0.05, false)).toBe(0)
  })

  it.each([
    ['paused', { facts: { paused: true } }],
    ['busy', { facts: { busy: 2 } }],
    ['region', { offer: { requirements: { vramMiB: 0, region: 'us', backends: [] } } }],
    ['vram', { offer: { requirements: { vramMiB: 16_384, region: 'any', backends: [] } } }],
    ['backend', { offer: { requirements: { vramMiB: 0, region: 'any', backends: ['tensorflow-gpu'] } } }],
    ['no-benchmark', { predict: () => null }],
    ['sla', { offer: { sla: { deadline: T + 100 * SAFETY - 1 } } }],
    ['sla', { offer: { sla: { deadline: T + 60_000, maxLatencyMsP95: 10 * SAFETY - 0.1 } } }],
    ['sla', { offer: { sla: { deadline: T + 60_000, minThroughputPerSec: 10_000 / SAFETY + 1 } } }],
    ['price', { offer: { price: { unit: 'per1kItems', maxMicro: 99, currency: 'DEMO' } } }]
  ] as [string, { facts?: Partial<NodeFacts>; offer?: unknown; predict?: () => null }][])('skips for %s, saying why', (reason, c) => {
    const d = decideBid(offer(c.offer as Partial<Offer>), T, { ...facts, ...c.facts }, c.predict ?? predict, pricing)
    expect(d).toMatchObject({ decision: 'skip', reason })
    expect(d.decision === 'skip' && d.detail.length).toBeGreaterThan(5)
  })

  it('bids right at the margins: a region prefix, exactly the buyer maximum, exactly the safety margin', () => {
    expect(decideBid(offer({ requirements: { vramMiB: 0, region: 'eu', backends: [] } }), T, facts, predict, pricing).decision).toBe('bid')
    expect(decideBid(offer({ price: { unit: 'per1kItems', maxMicro: 100, currency: 'DEMO' } }), T, facts, predict, pricing).decision).toBe('bid')
    expect(decideBid(offer({ sla: { deadline: T + 100 * SAFETY, maxLatencyMsP95: 10 * SAFETY } }), T, facts, predict, pricing).decision).toBe('bid')
  })
})
