import { describe, expect, it } from 'vitest'
import type { BenchResult, Inventory } from '../../../src-preload/contract'
import specs from '../../../resources/gpu-specs.json'
import { compositeScore, findSpec, peakFor, percentOfPeak } from './peak'

const inventory = (gpuName: string | null, host: Partial<Inventory['host']> = {}): Inventory =>
  ({
    scannedAt: 0,
    gpus: gpuName ? [{ name: gpuName, index: 0 }] : [],
    host: { hostname: 'h', os: 'linux', cpuModel: 'AMD EPYC 7B13', cpuCores: 4, cpuPhysicalCores: 2, cpuSpeedGHz: 3, cpuFlags: 'fpu sse2 avx avx2 fma', ramMiB: 1, ...host },
    noGpuReason: null,
    tools: {} as Inventory['tools']
  }) as Inventory

const result: BenchResult = {
  mode: 'full',
  matmul: [{ n: 1024, gflops: 48, medianMs: 1, maxRelError: 0 }],
  bestMatmul: { n: 1024, gflops: 48 },
  bandwidth: { elements: 1, gbps: 10, medianMs: 1 },
  conv2d: { shape: 'x', gflops: 36, medianMs: 1, maxRelError: 0 },
  durationMs: 1
}

describe('% of peak', () => {
  it('every spec-table entry has a source, positive peaks and a valid pattern', () => {
    expect(specs.gpus.length).toBeGreaterThan(20)
    for (const s of specs.gpus) {
      expect(s.source, s.name).toMatch(/\w{6,}/)
      expect(s.fp32Tflops, s.name).toBeGreaterThan(0)
      expect(s.memGBps, s.name).toBeGreaterThan(0)
      expect(() => new RegExp(s.match, 'i')).not.toThrow()
    }
  })

  it.each([
    ['NVIDIA GeForce RTX 2070', 'NVIDIA GeForce RTX 2070', 7.5],
    ['NVIDIA GeForce RTX 2080 Ti', 'NVIDIA GeForce RTX 2080 Ti', 13.4],
    ['NVIDIA H100 80GB HBM3', 'NVIDIA H100 SXM5', 67],
    ['NVIDIA H100 PCIe', 'NVIDIA H100 PCIe', 51],
    ['NVIDIA A100-SXM4-80GB', 'NVIDIA A100 80GB SXM', 19.5],
    ['Tesla T4', 'NVIDIA Tesla T4', 8.1],
    ['Arcturus GL-XL [Instinct MI100]', 'AMD Instinct MI100', 23.1],
    ['Navi 22 [Radeon RX 6700/6700 XT / 6800M]', 'AMD Radeon RX 6700 XT', 13.2]
  ])('%s → %s', (detected, entry, tflops) => {
    expect(findSpec(detected)).toMatchObject({ name: entry, fp32Tflops: tflops })
  })

  it.each(['NVIDIA GeForce RTX 2070 SUPER', 'NVIDIA GeForce RTX 3080 Ti', 'NVIDIA GeForce RTX 4090 D', 'NVIDIA H100 NVL'])('leaves the variant %s unknown rather than wrong', (name) => {
    expect(findSpec(name)).toBeNull()
  })

  it('uses the GPU datasheet when a GPU backend ran, and says when the GPU is not in the table', () => {
    expect(peakFor('tensorflow-gpu', inventory('NVIDIA GeForce RTX 2070'), '')).toMatchObject({ basis: 'gpu', fp32Gflops: 7500, memGBps: 448, source: expect.stringMatching(/Turing/) })
    expect(peakFor('tensorflow-gpu', inventory('Matrox G200eR2'), '')).toMatchObject({ fp32Gflops: null, unknownReason: 'Matrox G200eR2 is not in resources/gpu-specs.json' })
  })

  it('computes a CPU peak from cores, vector width, FMA and clock, or says what is unknown', () => {
    const inv = inventory(null)
    expect(peakFor('wasm', inv, inv.host.cpuFlags)).toMatchObject({ basis: 'cpu', fp32Gflops: 2 * 8 * 2 * 2 * 3, unknownReason: null })
    expect(peakFor('wasm', inventory(null, { cpuSpeedGHz: null }), 'avx2 fma')).toMatchObject({ fp32Gflops: null, unknownReason: expect.stringMatching(/clock is not reported/) })
  })

  it('expresses results as % of peak and a documented composite score', () => {
    expect(percentOfPeak(result, { basis: 'cpu', name: 'x', fp32Gflops: 96, memGBps: null, source: 'f', unknownReason: null })).toEqual({ matmul: 50, bandwidth: null })
    // cbrt(48 × 36 × 10) × 10 = cbrt(17280) × 10 ≈ 258.5
    expect(compositeScore(result)).toBe(259)
  })
})
