import type { BenchResult } from '../../../src-preload/contract'
import { median } from '../median'

/** What a job asks of the machine. */
export interface WorkSize {
  kind: 'matmul' | 'conv2d' | 'elementwise'
  /** Floating-point operations. */
  flops: number
  /** Bytes read and written. */
  bytes: number
  /** matmul: the matrix side, for the size-dependent speed. */
  n?: number
}

export interface Observation {
  kind: WorkSize['kind']
  predictedMs: number
  measuredMs: number
}


/** GFLOP/s at side n, interpolated on log n between the measured sizes (flat beyond them). */
function matmulRate(bench: BenchResult, n: number | undefined): number {
  const points = [...bench.matmul].sort((a, b) => a.n - b.n)
  if (!n || points.length === 1) return bench.bestMatmul.gflops
  if (n <= points[0]!.n) return points[0]!.gflops
  if (n >= points.at(-1)!.n) return points.at(-1)!.gflops
  const hi = points.findIndex((p) => p.n >= n)
  const a = points[hi - 1]!
  const b = points[hi]!
  const t = (Math.log(n) - Math.log(a.n)) / (Math.log(b.n) - Math.log(a.n))
  return a.gflops + t * (b.gflops - a.gflops)
}

/** The most a size not seen yet is corrected by, either way, from the kind's other sizes. */
const UNSEEN_BOUND = 4

/**
 * The adaptive performance model: a roofline from the latest benchmark (compute time at the
 * measured GFLOP/s for that kind and size, or memory time at the measured bandwidth, whichever is
 * longer), corrected per kind by the median ratio of measured to base time over the jobs of a like
 * size (base time within 10×) that have run — or, with none, over all of the kind, bounded to 4×.
 * Its error is the median |predicted − measured| / measured of predictions made before each job's
 * measurement was known.
 */
export function createPerfModel(options: { window?: number; likeSizeDecades?: number } = {}) {
  const window = options.window ?? 50
  // How far apart, in decades of base time, two jobs may be for one to correct the other's prediction.
  const likeSize = options.likeSizeDecades ?? 1
  let bench: BenchResult | null = null
  const history: (Observation & { baseMs: number })[] = []

  const base = (w: WorkSize): number | null => {
    if (!bench) return null
    const rate = w.kind === 'matmul' ? matmulRate(bench, w.n) : w.kind === 'conv2d' ? bench.conv2d.gflops : null
    const computeMs = rate ? w.flops / (rate * 1e6) : 0
    const memoryMs = w.bytes / (bench.bandwidth.gbps * 1e6)
    return Math.max(computeMs, memoryMs)
  }

  // Jobs of a like size teach the model about a job: the roofline leaves out each operation's fixed
  // cost, so a tiny job runs thousands of times its base time and, counted for a large one, would
  // predict hours for seconds of work — and the node would stop bidding for good. A size not seen
  // yet takes the kind's median, bounded, so a backend's steady slowness still carries over.
  const ratio = (o: { baseMs: number; measuredMs: number }) => o.measuredMs / o.baseMs
  const correction = (kind: WorkSize['kind'], baseMs: number): number => {
    if (!(baseMs > 0)) return 1
    const ofKind = history.filter((o) => o.kind === kind)
    const alike = ofKind.filter((o) => Math.abs(Math.log10(o.baseMs / baseMs)) <= likeSize)
    if (alike.length) return median(alike.slice(-window).map(ratio))
    if (!ofKind.length) return 1
    return Math.min(UNSEEN_BOUND, Math.max(1 / UNSEEN_BOUND, median(ofKind.slice(-window).map(ratio))))
  }

  return {
    /** Start from a benchmark (a new benchmark keeps the learned corrections). */
    setBenchmark(result: BenchResult): void {
      bench = result
    },

    /** Predicted milliseconds, or null before any benchmark. */
    predict(w: WorkSize): { ms: number } | null {
      const b = base(w)
      return b === null ? null : { ms: b * correction(w.kind, b) }
    },

    /** A finished job's measured time, against what was predicted for it beforehand. */
    observe(w: WorkSize, measuredMs: number): Observation | null {
      const b = base(w)
      // Work with no base time (nothing to compute or move) has no ratio to learn.
      if (b === null || !(b > 0) || !(measuredMs > 0)) return null
      const o = { kind: w.kind, baseMs: b, predictedMs: b * correction(w.kind, b), measuredMs }
      history.push(o)
      return { kind: o.kind, predictedMs: o.predictedMs, measuredMs }
    },

    /** Median absolute relative error of the predictions so far, and how many. */
    error(): { medianAbsPct: number | null; count: number } {
      const errs = history.map((o) => Math.abs(o.predictedMs - o.measuredMs) / o.measuredMs)
      return { medianAbsPct: errs.length ? 100 * median(errs) : null, count: errs.length }
    }
  }
}

export type PerfModel = ReturnType<typeof createPerfModel>

/** FLOPs and bytes of the runner's 'work' operations (fp32). */
export function workSize(op: WorkSize['kind'], size: number): WorkSize {
  if (op === 'matmul') return { kind: op, n: size, flops: 2 * size ** 3, bytes: 12 * size * size }
  if (op === 'conv2d') return { kind: op, flops: 2 * size * size * 9 * 32 * 32, bytes: 4 * (2 * size * size * 32 + 9 * 32 * 32) }
  return { kind: op, flops: size, bytes: 12 * size }
}
