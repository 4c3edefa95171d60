import type { Envelope, EventName, IngotTransport } from '../../src-preload/contract'
import { eventNames, methodNames } from '../../src-preload/methods'

/**
 * The headless node's transport: POST /api/<method> and one EventSource. The token travels in
 * the HttpOnly cookie the node set when the printed URL was opened.
 */
export function createWebTransport(origin: string): IngotTransport {
  const calls = Object.fromEntries(
    methodNames.map((method) => [
      method,
      async (...args: unknown[]): Promise<Envelope<unknown>> => {
        let res: Response
        try {
          res = await fetch(`${origin}/api/${method}`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            credentials: 'same-origin',
            body: JSON.stringify(args)
          })
        } catch {
          return { ok: false, error: { code: 'E_BUSY', message: 'The Ingot node is not reachable. Is it still running?' } }
        }
        try {
          return (await res.json()) as Envelope<unknown>
        } catch {
          return { ok: false, error: { code: 'E_INTERNAL', message: `The node answered ${res.status} without JSON.` } }
        }
      }
    ])
  )

  const listeners = new Map<EventName, Set<(payload: unknown) => void>>()
  const connected = new Set<() => void>()
  let source: EventSource | null = null
  const ensureSource = () => {
    if (source) return
    source = new EventSource(`${origin}/api/events`, { withCredentials: true })
    source.addEventListener('open', () => connected.forEach((l) => l()))
    for (const name of eventNames) {
      source.addEventListener(name, (e) => {
        const payload: unknown = JSON.parse((e as MessageEvent<string>).data)
        listeners.get(name)?.forEach((l) => l(payload))
      })
    }
  }

  return {
    ...calls,
    onConnected(listener: () => void) {
      ensureSource()
      connected.add(listener)
      return () => {
        connected.delete(listener)
      }
    },
    on(event: EventName, listener: (payload: unknown) => void) {
      ensureSource()
      const set = listeners.get(event) ?? new Set()
      set.add(listener)
      listeners.set(event, set)
      return () => {
        set.delete(listener)
      }
    }
  } as unknown as IngotTransport
}
