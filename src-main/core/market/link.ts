/** One end of a connection between a node and a market: text frames both ways. */
export interface Link {
  send(text: string): void
  close(): void
  onMessage(cb: (text: string) => void): void
  onClose(cb: () => void): void
}

/**
 * Two connected in-process ends, for the embedded market: frames are the same signed JSON text a
 * WebSocket carries, delivered asynchronously, so the node and the market go through the very code
 * paths they use over the network.
 */
export function linkPair(): [Link, Link] {
  const ends = [0, 1].map(() => ({ message: [] as ((t: string) => void)[], close: [] as (() => void)[] }))
  let open = true
  const make = (self: number): Link => ({
    send(text) {
      if (!open) return
      setImmediate(() => {
        if (open) for (const cb of ends[1 - self]!.message) cb(text)
      })
    },
    close() {
      if (!open) return
      open = false
      setImmediate(() => ends.forEach((e) => e.close.forEach((cb) => cb())))
    },
    onMessage: (cb) => void ends[self]!.message.push(cb),
    onClose: (cb) => void ends[self]!.close.push(cb)
  })
  return [make(0), make(1)]
}
