import { describe, expect, it } from 'vitest'
import type { JobPrice } from '../../../src-preload/contract'
import { mixCanaries, unmix } from './jobRun'
import { payLines, PENALTY_PCT } from './payout'
import { canaryAccuracy, jobMetrics, judge, percentile } from './sla'

const sla = { maxLatencyMsP95: 10, minThroughputPerSec: 100, minAccuracy: 0.9, deadline: 10_000 }
const metrics = (latencies: number[], o: Partial<Parameters<typeof jobMetrics>[0]> = {}) =>
  jobMetrics({ latenciesMs: latencies, processed: 1000, items: 990, canaries: 10, canaryAccuracy: 1, submittedAt: 0, startedAt: 100, endedAt: 1100, computeMs: 900, lossCurve: null, ...o })

describe('SLA measurement', () => {
  it('percentiles by nearest rank', () => {
    const xs = Array.from({ length: 100 }, (_, i) => 100 - i)
    expect(percentile(xs, 50)).toBe(50)
    expect(percentile(xs, 95)).toBe(95)
    expect(percentile([7], 95)).toBe(7)
    expect(percentile([], 95)).toBe(0)
  })

  it('measures latency, throughput over wall time, start delay', () => {
    const m = metrics([1, 2, 3, 4, 50])
    expect(m).toMatchObject({ latencyMsP50: 3, latencyMsP95: 50, latencyMsMax: 50, throughputPerSec: 1000, startDelayMs: 100, durationMs: 1000, batches: 5 })
  })

  it('judges each bound with a reason, and the deadline always', () => {
    const ok = judge(sla, metrics([1, 2, 3]), 9000)
    expect(ok.met).toBe(true)
    expect(ok.bounds.map((b) => b.bound)).toEqual(['latencyP95', 'throughput', 'accuracy', 'deadline'])
    const bad = judge(sla, metrics([1, 2, 30], { canaryAccuracy: 0.5, endedAt: 20_100 }), 12_000)
    expect(bad.met).toBe(false)
    const reasons = Object.fromEntries(bad.bounds.map((b) => [b.bound, b]))
    expect(reasons.latencyP95).toMatchObject({ met: false, reason: 'p95 latency 30 ms > 10 ms limit' })
    expect(reasons.throughput).toMatchObject({ met: false, measured: 50 })
    expect(reasons.accuracy).toMatchObject({ met: false, reason: 'canary accuracy 50% < 90% required' })
    expect(reasons.deadline).toMatchObject({ met: false, reason: 'finished 2 s after the deadline' })
    expect(judge({ maxLatencyMsP95: null, minThroughputPerSec: null, minAccuracy: null, deadline: 1 }, metrics([1]), 1).bounds).toHaveLength(1)
  })

  it('scores canaries against their expected outputs within tolerance', () => {
    const c = [{ expected: [1, 0], tolerance: 0.5 }, { expected: [0, 1], tolerance: 0.5 }]
    expect(canaryAccuracy(c, [Float32Array.of(0.9, 0.1), Float32Array.of(0.6, 0.4)])).toBe(0.5)
    expect(canaryAccuracy([], [])).toBeNull()
  })
})

describe('pay', () => {
  const price: JobPrice = { currency: 'DEMO', unit: 'per1kItems', microUnits: 2_000_000 }
  const met = judge(sla, metrics([1]), 1)
  it('pays the agreed price for the work, rounded down to a micro-unit', () => {
    expect(payLines(price, { items: 1500, computeMs: 0 }, met)).toEqual([expect.objectContaining({ kind: 'earning', amountMicro: 3_000_000 })])
    expect(payLines({ ...price, unit: 'perGpuSecond', microUnits: 1000 }, { items: 0, computeMs: 1234.9 }, met)[0]!.amountMicro).toBe(1234)
    expect(payLines({ ...price, microUnits: 0 }, { items: 10, computeMs: 5 }, met)).toEqual([])
  })
  it('withholds by the published schedule, and pays nothing for wrong results', () => {
    const slow = judge(sla, metrics([30]), 20_000)
    const lines = payLines(price, { items: 1000, computeMs: 0 }, slow)
    expect(lines[1]).toMatchObject({ kind: 'penalty', amountMicro: -((PENALTY_PCT.latencyP95 + PENALTY_PCT.deadline) * 2_000_000) / 100 })
    // Near 2^53 the arithmetic stays exact (BigInt), rounded down: nothing beyond what was earned is withheld.
    const big = payLines({ currency: 'DEMO', unit: 'per1kItems', microUnits: 7_329_870_892_224_923 }, { items: 1000, computeMs: 0 }, judge({ ...sla, minThroughputPerSec: 1e9 }, metrics([30]), 20_000))
    expect(big[0]!.amountMicro).toBe(7_329_870_892_224_923)
    expect(BigInt(big[1]!.amountMicro)).toBe(-((7_329_870_892_224_923n * 90n) / 100n))
    const wrong = judge(sla, metrics([1], { canaryAccuracy: 0.2 }), 1)
    expect(payLines(price, { items: 1000, computeMs: 0 }, wrong)).toEqual([])
  })
})

describe('canary mixing', () => {
  it('hides canaries at random rows and gets every row back in order', () => {
    const inputs = Float32Array.from({ length: 20 }, (_, i) => i) // 10 items of 2
    const canaries = [{ input: [100, 101] }, { input: [200, 201] }, { input: [300, 301] }]
    const seen = new Set<string>()
    for (let t = 0; t < 20; t++) {
      const { mixed, canaryRows } = mixCanaries(inputs, 2, canaries)
      seen.add(canaryRows.join(','))
      canaryRows.forEach((row, c) => expect(mixed[row * 2]).toBe(canaries[c]!.input[0]))
      // Identity "model": outputs are the inputs.
      const { real, canaries: out } = unmix(mixed, 2, canaryRows)
      expect(Array.from(real)).toEqual(Array.from(inputs))
      expect(out.map((o) => o[1])).toEqual([101, 201, 301])
    }
    expect(seen.size).toBeGreaterThan(10)
  })
})
