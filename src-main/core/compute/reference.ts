/**
 * Plain-JavaScript references (float64) that a backend's answers are checked against, on a sample
 * of output positions: a backend that loads but computes wrong numbers cannot report a fast result.
 */

/** C = A·B for row-major n×n; returns the worst relative error over the sampled (i, j). */
export function matmulError(a: Float32Array, b: Float32Array, c: Float32Array, n: number, samples: [number, number][]): number {
  let worst = 0
  for (const [i, j] of samples) {
    let sum = 0
    let scale = 0
    for (let k = 0; k < n; k++) {
      const p = a[i * n + k]! * b[k * n + j]!
      sum += p
      scale += Math.abs(p)
    }
    worst = Math.max(worst, Math.abs(c[i * n + j]! - sum) / Math.max(scale, 1e-12))
  }
  return worst
}

/** NHWC input [1,h,w,ci], HWIO filter [k,k,ci,co], stride 1, 'same' padding; sampled (y, x, o). */
export function conv2dError(
  input: Float32Array,
  filter: Float32Array,
  out: Float32Array,
  dims: { h: number; w: number; ci: number; co: number; k: number },
  samples: [number, number, number][]
): number {
  const { h, w, ci, co, k } = dims
  const pad = Math.floor((k - 1) / 2)
  let worst = 0
  for (const [y, x, o] of samples) {
    let sum = 0
    let scale = 0
    for (let dy = 0; dy < k; dy++) {
      for (let dx = 0; dx < k; dx++) {
        const iy = y + dy - pad
        const ix = x + dx - pad
        if (iy < 0 || ix < 0 || iy >= h || ix >= w) continue
        for (let c = 0; c < ci; c++) {
          const p = input[(iy * w + ix) * ci + c]! * filter[((dy * k + dx) * ci + c) * co + o]!
          sum += p
          scale += Math.abs(p)
        }
      }
    }
    worst = Math.max(worst, Math.abs(out[(y * w + x) * co + o]! - sum) / Math.max(scale, 1e-12))
  }
  return worst
}

/** Deterministic sample positions (a tiny LCG), so a run is reproducible. */
export function samplePositions(count: number, dims: number[], seed = 12345): number[][] {
  let s = seed >>> 0
  const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32)
  return Array.from({ length: count }, () => dims.map((d) => Math.floor(next() * d)))
}
