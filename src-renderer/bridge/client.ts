import type { Api, ErrorBody, EventName, EventPayload, IngotTransport, Method, Result } from '../../src-preload/contract'

/** A failed call, with the core's stable code and, when known, the field to blame. */
export class BridgeError extends Error {
  readonly code: ErrorBody['code']
  readonly field?: string
  constructor(body: ErrorBody) {
    super(body.message)
    this.code = body.code
    this.field = body.field
  }
}

export interface IngotClient {
  call<M extends Method>(method: M, ...args: Parameters<Api[M]>): Promise<Result<M>>
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void
  /** Runs when the web event stream (re)connects, to reload what may have been missed. */
  onConnected(listener: () => void): () => void
}

/** Unwraps envelopes from either transport into values or BridgeErrors. */
export function createClient(transport: IngotTransport): IngotClient {
  return {
    async call(method, ...args) {
      const fn = transport[method] as (...a: unknown[]) => ReturnType<IngotTransport[typeof method]>
      const envelope = await fn(...args)
      if (envelope.ok) return envelope.value as Result<typeof method>
      throw new BridgeError(envelope.error)
    },
    on: (event, listener) => transport.on(event, listener),
    onConnected: (listener) => transport.onConnected?.(listener) ?? (() => {})
  }
}
