import { createHash } from 'node:crypto'

/**
 * JSON with object keys sorted and no whitespace, so the same value always hashes and signs the
 * same on every node and on the market side. Refuses what JSON cannot carry faithfully.
 */
export function canonicalJson(value: unknown, options: CanonicalOptions = {}): string {
  const parts: string[] = []
  encode(value, options.verbatim ?? null, '', 0, (s) => parts.push(s))
  return parts.join('')
}

/**
 * The SHA-256 of canonicalJson(value) and that text's length, without building the text: a job
 * bundle's tensors are megabytes of base64, and a string of them would be made only to be hashed.
 */
export function canonicalDigest(value: unknown, options: CanonicalOptions = {}): { digest: string; length: number } {
  const hash = createHash('sha256')
  let length = 0
  // Small pieces are gathered first: a call into the hash per brace would cost more than the hashing.
  let pending: string[] = []
  let pendingLength = 0
  const flush = () => {
    if (pending.length) hash.update(pending.join(''))
    pending = []
    pendingLength = 0
  }
  encode(value, options.verbatim ?? null, '', 0, (s) => {
    length += s.length
    if (s.length >= 65536) {
      flush()
      hash.update(s)
      return
    }
    pending.push(s)
    pendingLength += s.length
    if (pendingLength >= 65536) flush()
  })
  flush()
  return { digest: hash.digest('hex'), length }
}

/** The length of canonicalJson(value), without building or hashing it. */
export function canonicalLength(value: unknown, options: CanonicalOptions = {}): number {
  let length = 0
  encode(value, options.verbatim ?? null, '', 0, (s) => (length += s.length))
  return length
}

export interface CanonicalOptions {
  /**
   * String values the caller has already checked hold nothing JSON escapes (strict base64), by key
   * and only down to `depth` levels of objects: written as they are, not scanned again — megabytes
   * of tensor data each. Deeper (inside free-form data) every string is escaped as usual.
   */
  verbatim?: { keys: ReadonlySet<string>; depth: number }
}

type Emit = (s: string) => void

function encode(value: unknown, verbatim: CanonicalOptions['verbatim'] | null, key: string, depth: number, emit: Emit): void {
  if (typeof value === 'string' && verbatim && depth <= verbatim.depth && verbatim.keys.has(key)) {
    emit('"')
    emit(value)
    return emit('"')
  }
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return emit(JSON.stringify(value))
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('canonical JSON cannot hold NaN or Infinity')
    return emit(JSON.stringify(value))
  }
  if (Array.isArray(value)) {
    // Tensors arrive as long arrays of numbers: the engine's own stringify is canonical for those.
    if (value.every((v) => typeof v === 'number' && Number.isFinite(v))) return emit(JSON.stringify(value))
    emit('[')
    value.forEach((v, i) => {
      if (i > 0) emit(',')
      encode(v, verbatim, '', depth, emit)
    })
    return emit(']')
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined)
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    emit('{')
    entries.forEach(([k, v], i) => {
      emit(i > 0 ? `,${JSON.stringify(k)}:` : `${JSON.stringify(k)}:`)
      encode(v, verbatim, k, depth + 1, emit)
    })
    return emit('}')
  }
  throw new TypeError(`canonical JSON cannot hold a ${typeof value}`)
}

export const sha256Hex = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex')
