import { EventEmitter } from 'node:events'
import type { EventName, EventPayload } from '../../src-preload/contract'

type AnyListener = (event: EventName, payload: unknown) => void

/** Typed pushes from the core; shells forward every event with onAny (SSE, IPC). */
export function createEventHub() {
  const emitter = new EventEmitter()
  emitter.setMaxListeners(0)
  return {
    emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
      emitter.emit(event, payload)
      emitter.emit('*', event, payload)
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      emitter.on(event, listener)
      return () => emitter.off(event, listener)
    },
    onAny(listener: AnyListener): () => void {
      emitter.on('*', listener)
      return () => emitter.off('*', listener)
    }
  }
}

export type EventHub = ReturnType<typeof createEventHub>
