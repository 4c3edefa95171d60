import { createHash } from 'node:crypto'

/**
 * JSON with object keys sorted and no whitespace, so the same value always hashes and signs the
 * same on every node and on the market side. Refuses what JSON cannot carry faithfully.
 */
export function canonicalJson(value: unknown, options: CanonicalOptions = {}): string {
  return encode(value, options.verbatim ?? null, '', 0)
}

export interface CanonicalOptions {
  /**
   * String values the caller has already checked hold nothing JSON escapes (strict base64), by key
   * and only down to `depth` levels of objects: written as they are, not scanned again — megabytes
   * of tensor data each. Deeper (inside free-form data) every string is escaped as usual.
   */
  verbatim?: { keys: ReadonlySet<string>; depth: number }
}

function encode(value: unknown, verbatim: CanonicalOptions['verbatim'] | null, key: string, depth: number): string {
  if (typeof value === 'string' && verbatim && depth <= verbatim.depth && verbatim.keys.has(key)) return `"${value}"`
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('canonical JSON cannot hold NaN or Infinity')
    return JSON.stringify(value)
  }
  if (Array.isArray(value)) {
    // Tensors arrive as long arrays of numbers: the engine's own stringify is canonical for those.
    if (value.every((v) => typeof v === 'number' && Number.isFinite(v))) return JSON.stringify(value)
    return `[${value.map((v) => encode(v, verbatim, '', depth)).join(',')}]`
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined)
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${encode(v, verbatim, k, depth + 1)}`).join(',')}}`
  }
  throw new TypeError(`canonical JSON cannot hold a ${typeof value}`)
}

export const sha256Hex = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex')
