import { describe, expect, it } from 'vitest'
import type { BenchResult } from '../../../src-preload/contract'
import { createPerfModel } from './perfModel'

const bench: BenchResult = {
  mode: 'full',
  matmul: [
    { n: 256, gflops: 10, medianMs: 0, maxRelError: 0 },
    { n: 1024, gflops: 40, medianMs: 0, maxRelError: 0 }
  ],
  bestMatmul: { n: 1024, gflops: 40 },
  bandwidth: { elements: 0, gbps: 20, medianMs: 0 },
  conv2d: { shape: '', gflops: 30, medianMs: 0, maxRelError: 0 },
  durationMs: 0
}
const mm = (n: number) => ({ kind: 'matmul' as const, n, flops: 2 * n ** 3, bytes: 12 * n * n })

describe('performance model', () => {
  it('predicts nothing before a benchmark', () => {
    expect(createPerfModel().predict(mm(512))).toBeNull()
  })

  it('predicts from the benchmark: GFLOP/s by size (log-interpolated), bandwidth for memory-bound work', () => {
    const m = createPerfModel()
    m.setBenchmark(bench)
    // 512 is halfway between 256 and 1024 on a log scale: 25 GFLOP/s.
    expect(m.predict(mm(512))!.ms).toBeCloseTo((2 * 512 ** 3) / 25e6, 6)
    expect(m.predict(mm(2048))!.ms).toBeCloseTo((2 * 2048 ** 3) / 40e6, 6)
    // Elementwise is memory-bound: 1 GB at 20 GB/s.
    expect(m.predict({ kind: 'elementwise', flops: 1e6, bytes: 1e9 })!.ms).toBeCloseTo(50, 6)
  })

  it('learns from measured jobs and reports its median error', () => {
    const m = createPerfModel()
    m.setBenchmark(bench)
    // The machine really runs matmuls 20 % slower than benchmarked.
    const truth = (n: number) => m.predict(mm(n))!.ms
    const first = truth(700)
    m.observe(mm(700), first * 1.2)
    expect(m.error()).toEqual({ medianAbsPct: expect.closeTo((0.2 / 1.2) * 100, 6), count: 1 })
    // After one observation the correction makes the next prediction right.
    const next = m.predict(mm(700))!.ms
    expect(next).toBeCloseTo(first * 1.2, 6)
    for (let i = 0; i < 9; i++) m.observe(mm(700), next)
    expect(m.error().medianAbsPct).toBeCloseTo(0, 6)
    expect(m.error().count).toBe(10)
  })

  it('learns from jobs of a like size: a tiny job’s fixed costs do not make a large job look like hours', () => {
    const m = createPerfModel()
    m.setBenchmark(bench)
    // Both beyond the largest benchmarked size: 40 GFLOP/s.
    const roofline2048 = (2 * 2048 ** 3) / 40e6
    const roofline1536 = (2 * 1536 ** 3) / 40e6
    expect(m.predict(mm(2048))!.ms).toBeCloseTo(roofline2048, 6)
    // An 8 × 4 · 4 × 2 product takes a fraction of a millisecond of fixed cost: millions of times its roofline.
    const tiny = { kind: 'matmul' as const, n: 4, flops: 128, bytes: 224 }
    m.observe(tiny, 0.3)
    expect(m.predict(tiny)!.ms).toBeCloseTo(0.3, 9)
    // A size not seen yet borrows the kind's median, bounded to 4×: not millions.
    expect(m.predict(mm(2048))!.ms).toBeCloseTo(4 * roofline2048, 6)
    // A job near its size (base time 0.42× of 2048's) corrects it: 1.5× the roofline.
    m.observe(mm(1536), 1.5 * roofline1536)
    expect(m.predict(mm(2048))!.ms).toBeCloseTo(1.5 * roofline2048, 6)
    expect(m.predict(tiny)!.ms).toBeCloseTo(0.3, 9)
  })

  it('carries a steady slowness over to sizes not seen yet, and learns nothing from work with no base time', () => {
    const m = createPerfModel()
    m.setBenchmark(bench)
    // 256 runs at half the benchmarked speed; 2048 is 128× its base time away.
    m.observe(mm(256), 2 * ((2 * 256 ** 3) / 10e6))
    expect(m.predict(mm(2048))!.ms).toBeCloseTo(2 * ((2 * 2048 ** 3) / 40e6), 6)
    const nothing = { kind: 'elementwise' as const, flops: 0, bytes: 0 }
    expect(m.observe(nothing, 5)).toBeNull()
    expect(m.predict(nothing)!.ms).toBe(0)
    expect(m.error().count).toBe(1)
  })

  it('ignores nonsense measurements', () => {
    const m = createPerfModel()
    m.setBenchmark(bench)
    expect(m.observe(mm(300), 0)).toBeNull()
    expect(m.observe(mm(300), Number.NaN)).toBeNull()
    expect(m.error().count).toBe(0)
  })
})
