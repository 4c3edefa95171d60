import { createHash } from 'node:crypto'

/**
 * JSON with object keys sorted and no whitespace, so the same value always hashes and signs the
 * same on every node and on the market side. Refuses what JSON cannot carry faithfully.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('canonical JSON cannot hold NaN or Infinity')
    return JSON.stringify(value)
  }
  if (Array.isArray(value)) {
    // Tensors arrive as long arrays of numbers: the engine's own stringify is canonical for those.
    if (value.every((v) => typeof v === 'number' && Number.isFinite(v))) return JSON.stringify(value)
    return `[${value.map(canonicalJson).join(',')}]`
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined)
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  throw new TypeError(`canonical JSON cannot hold a ${typeof value}`)
}

export const sha256Hex = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex')
