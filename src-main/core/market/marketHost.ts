import { createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto'
import { keyIdOf } from '../identity/keyId'
import type { Log } from '../log'
import { createEngine, type EngineOptions } from './engine'
import { createReplayGuard, openMessage, signMessage, type Signer } from './envelope'
import type { Link } from './link'
import type { Body, MessageType } from './protocol'

/** An Ed25519 signer from a private key (the market's own key). */
export function keySigner(privateKey: KeyObject): Signer & { publicKeyPem: string } {
  const publicKey = createPublicKey(privateKey)
  return {
    keyId: keyIdOf(publicKey),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }) as string,
    sign: (data) => sign(null, Buffer.from(data), privateKey).toString('base64')
  }
}

export const ephemeralSigner = () => keySigner(generateKeyPairSync('ed25519').privateKey)

export interface MarketHostOptions extends Omit<EngineOptions, 'send'> {
  signer: Signer & { publicKeyPem: string }
  mode: 'embedded' | 'coordinator'
  log: Log
  /** Every message turned away, with why (the fuzz tests and the coordinator's log read these). */
  onRejected?: (code: string, reason: string) => void
}

/**
 * The market side of the wire: checks every frame (envelope, signature, time, nonce), introduces
 * nodes to the engine on hello, and signs what the engine sends. A bad frame is answered with an
 * error message and dropped; the connection and the market go on.
 */
export function createMarketHost(options: MarketHostOptions) {
  const { signer, log, now } = options
  const links = new Map<string, Link>()
  const guard = createReplayGuard()
  const send = <T extends MessageType>(nodeId: string, type: T, body: Body<T>) => {
    links.get(nodeId)?.send(JSON.stringify(signMessage(type, body, signer, now())))
  }
  const engine = createEngine({ ...options, send })

  return {
    engine,
    /** Sends a signed message to a connected node (dropped when it is not connected). */
    send,
    attach(link: Link): void {
      let nodeId: string | null = null
      const reply = <T extends MessageType>(type: T, body: Body<T>) => link.send(JSON.stringify(signMessage(type, body, signer, now())))
      link.onMessage((text) => {
        const m = openMessage(text, engine.keyOf, guard, now())
        if (!m.ok) {
          options.onRejected?.(m.code, m.reason)
          log.warn({ code: m.code, reason: m.reason, node: nodeId }, 'market message rejected')
          reply('error', { code: m.code, message: m.reason, ref: null })
          return
        }
        // One identity per connection: a frame signed by another node on this link is refused.
        if (nodeId !== null && m.from !== nodeId) {
          options.onRejected?.('E_BAD_MESSAGE', `frame from ${m.from} on ${nodeId}'s connection`)
          reply('error', { code: 'E_BAD_MESSAGE', message: 'one node per connection', ref: m.nonce })
          return
        }
        try {
          if (m.type === 'hello') {
            const refused = engine.checkHello(m.body)
            if (refused) return reply('error', { code: 'E_BAD_MESSAGE', message: refused, ref: m.nonce })
            nodeId = m.from
            const old = links.get(nodeId)
            if (old && old !== link) old.close()
            links.set(nodeId, link)
            reply('welcome', { nodeId, marketKey: signer.publicKeyPem, serverTime: now(), mode: options.mode })
            engine.join(nodeId, m.body)
            return
          }
          const problem = engine.receive(m)
          if (problem) reply('error', { code: 'E_REFUSED', message: problem, ref: m.nonce })
        } catch (err) {
          // Whatever one node sends, the market goes on.
          log.error({ err, node: m.from, type: m.type }, 'market message failed')
          reply('error', { code: 'E_INTERNAL', message: 'The market could not process this message.', ref: m.nonce })
        }
      })
      link.onClose(() => {
        if (nodeId === null || links.get(nodeId) !== link) return
        links.delete(nodeId)
        engine.leave(nodeId)
      })
    }
  }
}

export type MarketHost = ReturnType<typeof createMarketHost>
