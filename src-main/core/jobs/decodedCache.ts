import type { Bundle, Decoded } from './bundle'

/**
 * Decoded bundles of queued jobs, so a job does not pay twice for parsing its data; bounded, since
 * a deep queue of big jobs would not fit in memory (those are read back from SQLite when they run).
 */
export function createDecodedCache(maxBytes = 256 * 1024 * 1024) {
  const entries = new Map<string, { bundle: Bundle; decoded: Decoded; bytes: number }>()
  let total = 0
  return {
    get: (id: string) => entries.get(id),
    /** Kept only while the cache has room for it. */
    put(id: string, bundle: Bundle, decoded: Decoded, bytes: number): void {
      if (total + bytes > maxBytes) return
      entries.set(id, { bundle, decoded, bytes })
      total += bytes
    },
    forget(id: string): void {
      total -= entries.get(id)?.bytes ?? 0
      entries.delete(id)
    }
  }
}
