import { createHash } from 'node:crypto'

/**
 * Inference models the runner has loaded and warmed, by the digest of everything that defines them
 * (format, topology, weight specs, weights): a lab's batches and a market buyer's repeat orders send
 * the same model job after job, and loading it again each time costs more than a small job computes.
 * Bounded by count and by weight bytes; evicted models are disposed. Training never uses it (it
 * changes the weights).
 */
export interface ModelSpec {
  format: string
  modelTopology: unknown
  weightSpecs: unknown
  weights: Uint8Array
}

interface Entry<M> {
  model: M
  bytes: number
  /** Values per output item, by item shape, measured on the model's warm-up item. */
  outputSizes: Map<string, number>
}

export function modelKey(spec: ModelSpec): string {
  return createHash('sha256')
    .update(`${spec.format}\n${JSON.stringify(spec.modelTopology)}\n${JSON.stringify(spec.weightSpecs)}\n`)
    .update(spec.weights)
    .digest('hex')
}

export function createModelCache<M extends { dispose(): void }>(limits: { models: number; bytes: number }) {
  const entries = new Map<string, Entry<M>>()
  let bytes = 0
  const evict = (key: string) => {
    const e = entries.get(key)
    if (!e) return
    entries.delete(key)
    bytes -= e.bytes
    e.model.dispose()
  }
  return {
    /** A cached model, now the most recently used. */
    get(key: string): Entry<M> | undefined {
      const e = entries.get(key)
      if (e) {
        entries.delete(key)
        entries.set(key, e)
      }
      return e
    },
    /** Keeps a model, evicting the least recently used beyond the limits; false (and the caller disposes it) when it alone is over them. */
    put(key: string, model: M, weightBytes: number): boolean {
      if (weightBytes > limits.bytes || limits.models < 1) return false
      evict(key)
      entries.set(key, { model, bytes: weightBytes, outputSizes: new Map() })
      bytes += weightBytes
      for (const k of entries.keys()) {
        if (entries.size <= limits.models && bytes <= limits.bytes) break
        if (k !== key) evict(k)
      }
      return true
    },
    /** Forgets and disposes a model (one that failed its warm-up). */
    drop: evict,
    size: () => entries.size,
    clear: () => [...entries.keys()].forEach(evict)
  }
}
