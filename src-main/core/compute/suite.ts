import type * as TF from '@tensorflow/tfjs-core'
import type { BenchResult } from '../../../src-preload/contract'
import { median } from '../median'
import { conv2dError, matmulError, samplePositions } from './reference'

export interface SuiteContext {
  tf: typeof TF
  progress(done: number, total: number, label: string): void
  /** Throws E_CANCELLED when the run was cancelled; lets messages in between kernels. */
  checkpoint(): Promise<void>
  /** The real-model step (the runner passes it; see inferenceBench.ts). */
  inference?: () => Promise<BenchResult['inference']>
}

export interface Measured {
  /** Median of the timed repetitions, warm-up excluded. */
  medianMs: number
  reps: number
}

export type SuiteResult = BenchResult

export class WrongResultError extends Error {
  readonly code = 'E_WRONG_RESULT'
}

/** fp32 summing over ≤ 1024 terms stays well inside this relative error on a correct backend. */
const TOLERANCE = 1e-3


const plans = {
  quick: { sizes: [256], reps: 3, elements: 1 << 20, conv: { h: 32, w: 32, ci: 16, co: 16, k: 3 } },
  full: { sizes: [256, 512, 1024], reps: 5, elements: 1 << 24, conv: { h: 64, w: 64, ci: 32, co: 32, k: 3 } }
}

/**
 * The benchmark suite: fp32 matmul at several sizes, elementwise bandwidth and conv2d, each timed
 * as the median of repetitions after a warm-up and each checked against a JavaScript reference.
 * Work is forced to finish by reading one scalar at the end, so asynchronous (GPU) backends are
 * timed doing the work, not queueing it.
 */
export async function runSuite(mode: 'quick' | 'full', ctx: SuiteContext): Promise<SuiteResult> {
  const { tf } = ctx
  const plan = plans[mode]
  const total = plan.sizes.length + 2 + (ctx.inference ? 1 : 0)
  let step = 0
  const started = performance.now()

  async function timed(run: () => TF.Tensor): Promise<Measured> {
    tf.tidy(() => tf.sum(run()).dataSync())
    const times: number[] = []
    for (let r = 0; r < plan.reps; r++) {
      await ctx.checkpoint()
      const t = performance.now()
      tf.tidy(() => tf.sum(run()).dataSync())
      times.push(performance.now() - t)
    }
    return { medianMs: median(times), reps: plan.reps }
  }

  const matmul: SuiteResult['matmul'] = []
  for (const n of plan.sizes) {
    ctx.progress(step, total, `Matrix multiply ${n}×${n}`)
    const a = tf.randomUniform([n, n], -1, 1, 'float32', 7)
    const b = tf.randomUniform([n, n], -1, 1, 'float32', 11)
    try {
      const m = await timed(() => tf.matMul(a, b))
      const c = tf.tidy(() => tf.matMul(a, b))
      const err = matmulError(a.dataSync() as Float32Array, b.dataSync() as Float32Array, c.dataSync() as Float32Array, n, samplePositions(48, [n, n]) as [number, number][])
      c.dispose()
      if (!(err <= TOLERANCE)) throw new WrongResultError(`matmul ${n}×${n} is wrong: relative error ${err.toExponential(2)} against the CPU reference`)
      matmul.push({ n, gflops: (2 * n ** 3) / (m.medianMs * 1e6), medianMs: m.medianMs, maxRelError: err })
    } finally {
      a.dispose()
      b.dispose()
    }
    step++
  }

  ctx.progress(step, total, 'Memory bandwidth')
  const x = tf.fill([plan.elements], 1.5)
  const y = tf.fill([plan.elements], 2.25)
  let bandwidth: SuiteResult['bandwidth']
  try {
    const m = await timed(() => tf.add(x, y))
    const probe = Array.from(tf.tidy(() => tf.slice(tf.add(x, y), [plan.elements - 4], [4]).dataSync()))
    if (!probe.every((v) => v === 3.75)) throw new WrongResultError(`elementwise add is wrong: got ${probe.join(', ')} for 1.5 + 2.25`)
    // The timed work is add (two arrays read, one written) plus the sum that forces it (one read).
    bandwidth = { elements: plan.elements, gbps: (4 * 4 * plan.elements) / (m.medianMs * 1e6), medianMs: m.medianMs }
  } finally {
    x.dispose()
    y.dispose()
  }
  step++

  const { h, w, ci, co, k } = plan.conv
  ctx.progress(step, total, `Convolution ${h}×${w}×${ci}→${co}, ${k}×${k}`)
  const input = tf.randomUniform([1, h, w, ci], -1, 1, 'float32', 3)
  const filter = tf.randomUniform([k, k, ci, co], -1, 1, 'float32', 5)
  let conv2d: SuiteResult['conv2d']
  try {
    const m = await timed(() => tf.conv2d(input as TF.Tensor4D, filter as TF.Tensor4D, 1, 'same'))
    const out = tf.tidy(() => tf.conv2d(input as TF.Tensor4D, filter as TF.Tensor4D, 1, 'same'))
    const err = conv2dError(input.dataSync() as Float32Array, filter.dataSync() as Float32Array, out.dataSync() as Float32Array, plan.conv, samplePositions(32, [h, w, co]) as [number, number, number][])
    out.dispose()
    if (!(err <= TOLERANCE)) throw new WrongResultError(`conv2d is wrong: relative error ${err.toExponential(2)} against the CPU reference`)
    conv2d = { shape: `${h}×${w}×${ci}→${co}, ${k}×${k}`, gflops: (2 * h * w * k * k * ci * co) / (m.medianMs * 1e6), medianMs: m.medianMs, maxRelError: err }
  } finally {
    input.dispose()
    filter.dispose()
  }
  step++
  let inference: BenchResult['inference'] = null
  if (ctx.inference) {
    ctx.progress(step, total, 'Real model: MNIST inference')
    inference = await ctx.inference()
    step++
  }
  ctx.progress(step, total, 'Done')

  const best = matmul.reduce((a, b) => (b.gflops > a.gflops ? b : a))
  return { mode, matmul, bestMatmul: { n: best.n, gflops: best.gflops }, bandwidth, conv2d, inference, durationMs: performance.now() - started }
}
