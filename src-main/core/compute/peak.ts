import specs from '../../../resources/gpu-specs.json'
import type { BackendId, BenchPeak, BenchResult, Inventory } from '../../../src-preload/contract'

type Spec = (typeof specs.gpus)[number]

export function findSpec(gpuName: string): Spec | null {
  return specs.gpus.find((s) => new RegExp(s.match, 'i').test(gpuName)) ?? null
}

/**
 * The datasheet peak the results are measured against: the first GPU's spec-table entry when a GPU
 * backend ran, otherwise the CPU's cores × FP32 lanes × 2 (FMA) × clock, where those are known.
 */
export function peakFor(backend: BackendId | null, inventory: Inventory | null, cpuFlags: string): BenchPeak {
  if (backend === 'tensorflow-gpu') {
    // The GPU the backend computes on: the first with a vendor tool (not a BMC or integrated chip).
    const gpu = inventory?.gpus.find((g) => g.live) ?? inventory?.gpus[0]
    if (!gpu) return { basis: 'gpu', name: null, fp32Gflops: null, memGBps: null, source: null, unknownReason: 'no GPU in the inventory' }
    const spec = findSpec(gpu.name)
    if (!spec) return { basis: 'gpu', name: gpu.name, fp32Gflops: null, memGBps: null, source: null, unknownReason: `${gpu.name} is not in resources/gpu-specs.json` }
    return { basis: 'gpu', name: spec.name, fp32Gflops: spec.fp32Tflops * 1000, memGBps: spec.memGBps, source: spec.source, unknownReason: null }
  }
  const host = inventory?.host
  const ghz = host?.cpuSpeedGHz ?? null
  const cores = host?.cpuPhysicalCores ?? null
  const flags = ` ${cpuFlags.toLowerCase()} `
  // FP32 lanes per instruction × FMA (2 flops) × 2 FMA pipes, the common case since Haswell/Zen 2.
  const lanes = flags.includes(' avx512f ') ? 16 : flags.includes(' avx2 ') || flags.includes(' avx ') ? 8 : flags.includes(' sse2 ') || flags.includes(' neon ') || flags.includes(' asimd ') ? 4 : null
  const fma = flags.includes(' fma ') || flags.includes(' asimd ') ? 2 : 1
  if (!ghz || !cores || !lanes) {
    return { basis: 'cpu', name: host?.cpuModel ?? null, fp32Gflops: null, memGBps: null, source: null, unknownReason: !ghz ? 'the CPU clock is not reported (common in virtual machines)' : 'the CPU core count or vector width is unknown' }
  }
  return {
    basis: 'cpu',
    name: host!.cpuModel,
    fp32Gflops: cores * lanes * fma * 2 * ghz,
    memGBps: null,
    source: `${cores} cores × ${lanes} FP32 lanes × ${fma === 2 ? '2 (FMA)' : '1'} × 2 pipes × ${ghz} GHz`,
    unknownReason: null
  }
}

/**
 * The composite score: the geometric mean of the best matmul and conv2d GFLOP/s and the bandwidth
 * in GB/s, × 10, rounded. One number to rank nodes; each input stays shown on its own.
 */
export function compositeScore(r: BenchResult): number {
  return Math.round(10 * Math.cbrt(r.bestMatmul.gflops * r.conv2d.gflops * r.bandwidth.gbps))
}

export function percentOfPeak(r: BenchResult, peak: BenchPeak): { matmul: number | null; bandwidth: number | null } {
  return {
    matmul: peak.fp32Gflops ? (100 * r.bestMatmul.gflops) / peak.fp32Gflops : null,
    bandwidth: peak.memGBps ? (100 * r.bandwidth.gbps) / peak.memGBps : null
  }
}
