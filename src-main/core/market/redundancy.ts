/**
 * Two nodes' outputs for the same job agree when every value is within 1e-3 relative (or 1e-4
 * absolute near zero): float32 results from different backends and summation orders differ in the
 * last bits, never by that much. Missing outputs (training returns weights, not rows) agree only
 * with missing outputs.
 */
export function outputsAgree(a: Float32Array | null, b: Float32Array | null): boolean {
  if (a === null || b === null) return a === b
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!
    const y = b[i]!
    if (!(Math.abs(x - y) <= Math.max(1e-4, 1e-3 * Math.max(Math.abs(x), Math.abs(y))))) return false
  }
  return true
}
