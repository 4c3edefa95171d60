import { createPublicKey, randomUUID, type KeyObject } from 'node:crypto'
import { validateBundle, type ValidBundle } from '../jobs/bundle'
import type { Log } from '../log'
import type { Opened } from './envelope'
import { nodeBundle } from './nodeBundle'
import { offerOf } from './offerOf'
import type { Bid, Body, Hello, MessageType, Offer, Settlement } from './protocol'
import { seal } from './seal'
import { outputsAgree } from './redundancy'
import { checkResult, type Checked } from './settleResult'
import { bidScore, reliability, type Reputation } from './score'

/** What a buyer posts: a job bundle and its terms; the bundle's own price is the most they pay. */
export interface BuyerOrder {
  bundle: unknown
  title: string
  vramMiB?: number
  backends?: Offer['requirements']['backends']
  buyer?: string
}

export interface EngineOptions {
  now: () => number
  log: Log
  /** Delivers a message to a node (signed by the transport). */
  send: <T extends MessageType>(nodeId: string, type: T, body: Body<T>) => void
  bidWindowMs?: number
  /** Share of awards also given to the runner-up, whose outputs must agree (redundant execution); default 0. */
  redundancy?: number
  random?: () => number
  /** Extra time a job gets beyond its predicted run before it is taken back and offered again. */
  graceMs?: number
  /** Called once per settled job (the coordinator stores it; the buyer gets the outputs). */
  onSettled?: (s: Settlement, nodeId: string, outputs: Float32Array | null) => void
  /** A node's track record from earlier runs (the coordinator keeps them in SQLite), and each change to it. */
  reputationOf?: (nodeId: string) => Reputation | null
  onReputation?: (nodeId: string, rep: Reputation) => void
  /** A node (re)joined; an ack arrived: the coordinator re-sends settlements until they are acknowledged. */
  onJoin?: (nodeId: string) => void
  onAck?: (nodeId: string, ref: string) => void
  /** A result for a job this engine does not hold: a settlement made before a restart, to send again. */
  settledBefore?: (jobId: string, nodeId: string) => Settlement | null
}

interface NodeEntry {
  id: string
  hello: Hello
  key: KeyObject
  connected: boolean
  lastSeen: number
  running: Set<string>
  rep: Reputation
  /** For uptime: when the market first saw it, connected time before the current connection, and since when it is connected. */
  firstSeen: number
  upMs: number
  upSince: number | null
}

interface Order {
  offer: Offer
  /** The buyer's bundle with its data; let go once the order is final, so an hour of history holds no tensors. */
  valid: ValidBundle | null
  bids: Map<string, { bid: Bid; at: number }>
  /** Nodes that failed or lost this job: not awarded it again. */
  exclude: Set<string>
  state: 'open' | 'running' | 'settled' | 'expired'
  buyer: string
  /** Each award made on this offer (a reassignment adds one), with every scored bid, for audit. */
  awards: AwardRecord[]
}

export interface AwardRecord {
  at: number
  jobId: string
  nodeId: string
  /** The best score wins; a verifier is the runner-up running the same job for redundant execution. */
  role: 'winner' | 'verifier'
  /** Eligible bids with the reputation they were scored with, best first. */
  ranked: { nodeId: string; bid: Bid; rep: Reputation; score: number }[]
}

interface Assignment {
  jobId: string
  order: Order
  nodeId: string
  priceMicro: number
  digest: string
  canaryRows: number[]
  awardedAt: number
  expiresAt: number
  state: 'running' | 'settled' | 'revoked'
  /** Why it was taken back: told again to a node that answers later (it was away when the market first said so). */
  revokedWhy: string | null
  /** Redundant execution: the other assignment of the same offer, and this one's checked result while it waits for it. */
  twin: string | null
  held: Checked | null
}



/**
 * The matching engine — one implementation, run in-process by the embedded demo market and as the
 * coordinator's core. Offers collect bids for a window; bids whose predictions miss the SLA are
 * dropped; the best price-performance score wins (score.ts); the result is checked (signature,
 * digests, the market's hidden canaries) and settled by the published payout rules.
 */
export function createEngine(options: EngineOptions) {
  const { now, log, send } = options
  const windowMs = options.bidWindowMs ?? 1500
  const graceMs = options.graceMs ?? 30_000
  const nodes = new Map<string, NodeEntry>()
  const orders = new Map<string, Order>()
  const jobs = new Map<string, Assignment>()

  function eligible(n: NodeEntry, offer: Offer): boolean {
    const r = offer.requirements
    const vram = n.hello.gpus.reduce((m, g) => Math.max(m, g.vramMiB), 0)
    return n.connected && (r.region === 'any' || n.hello.region === r.region || n.hello.region.startsWith(`${r.region}-`)) && (r.vramMiB === 0 || vram >= r.vramMiB) && (r.backends.length === 0 || r.backends.includes(n.hello.backend as never))
  }

  function broadcast(order: Order): void {
    for (const n of nodes.values()) if (n.connected) send(n.id, 'offer', order.offer)
  }

  function award(order: Order): void {
    const t = now()
    const ranked = [...order.bids.entries()]
      .map(([nodeId, { bid, at }]) => ({ nodeId, bid, at, node: nodes.get(nodeId) }))
      .filter((c) => c.node && !order.exclude.has(c.nodeId) && eligible(c.node, order.offer) && c.node.running.size < c.node.hello.capacity)
      .map((c) => ({ ...c, score: bidScore(order.offer, c.bid, c.node!.rep, t) }))
      .filter((c): c is typeof c & { score: number } => c.score !== null)
      .sort((a, b) => b.score - a.score || a.bid.priceMicro - b.bid.priceMicro || a.at - b.at || (a.nodeId < b.nodeId ? -1 : 1))
    const winner = ranked[0]
    const second = ranked[1]
    // Redundant execution: now and then the runner-up computes the job too, and the outputs must agree.
    const twin = winner && second && order.offer.kind !== 'train' && (options.redundancy ?? 0) > 0 && (options.random ?? Math.random)() < options.redundancy! ? second : null
    for (const [nodeId, { bid }] of order.bids) {
      if (nodeId !== winner?.nodeId && nodeId !== twin?.nodeId) send(nodeId, 'lost', { offerId: order.offer.offerId, yourPriceMicro: bid.priceMicro, winningPriceMicro: winner?.bid.priceMicro ?? null, reason: winner ? 'another node scored higher on price-performance' : 'no bid could meet the SLA' })
    }
    if (!winner) {
      // Nobody could take it now; it stays on the book for another round while its deadline allows.
      order.bids.clear()
      if (order.offer.sla.deadline - t < windowMs * 2) order.state = 'expired'
      else {
        order.offer = { ...order.offer, postedAt: t, closesAt: t + windowMs }
        broadcast(order)
      }
      return
    }
    const first = assign(order, winner, ranked, t, 'winner')
    if (twin) {
      const other = assign(order, twin, ranked, t, 'verifier')
      first.twin = other.jobId
      other.twin = first.jobId
    }
    order.state = 'running'
    order.bids.clear()
  }

  function assign(order: Order, c: { nodeId: string; bid: Bid; node?: NodeEntry }, ranked: { nodeId: string; bid: Bid; node?: NodeEntry; score: number }[], t: number, role: AwardRecord['role']): Assignment {
    const jobId = randomUUID()
    order.awards.push({ at: t, jobId, nodeId: c.nodeId, role, ranked: ranked.map((r) => ({ nodeId: r.nodeId, bid: r.bid, rep: { ...r.node!.rep }, score: r.score })) })
    const price = { currency: order.offer.price.currency, unit: order.offer.price.unit, microUnits: c.bid.priceMicro }
    const nb = nodeBundle(order.valid!, jobId, price, t)
    const a: Assignment = { jobId, order, nodeId: c.nodeId, priceMicro: c.bid.priceMicro, digest: nb.digest, canaryRows: nb.canaryRows, awardedAt: t, expiresAt: Math.min(order.offer.sla.deadline, t + 3 * c.bid.predicted.runMs + graceMs), state: 'running', revokedWhy: null, twin: null, held: null }
    jobs.set(jobId, a)
    c.node!.running.add(jobId)
    send(c.nodeId, 'award', { offerId: order.offer.offerId, jobId, priceMicro: c.bid.priceMicro, sealed: seal(Buffer.from(nb.text), c.node!.hello.sealKey, jobId) })
    return a
  }

  /** Takes a job back from a node that failed it or went silent, and offers it again. */
  function revoke(a: Assignment, reason: string): void {
    a.state = 'revoked'
    // The protocol's reason is at most 300 characters; a node's failure message can be longer.
    a.revokedWhy = reason.slice(0, 300)
    const n = nodes.get(a.nodeId)
    n?.running.delete(a.jobId)
    if (n) {
      n.rep.jobs++
      n.rep.failed++
      options.onReputation?.(n.id, n.rep)
    }
    send(a.nodeId, 'revoke', { jobId: a.jobId, reason: a.revokedWhy })
    const twin = a.twin ? jobs.get(a.twin) : undefined
    log.warn({ job: a.jobId, node: a.nodeId, reason }, 'job revoked')
    // Its twin carries the offer: settled on its own result alone.
    if (twin?.state === 'running') {
      twin.twin = null
      if (twin.held) commit(twin, twin.held)
      return
    }
    const order = a.order
    order.exclude.add(a.nodeId)
    const t = now()
    if (order.offer.sla.deadline - t > windowMs * 2) {
      order.state = 'open'
      order.offer = { ...order.offer, postedAt: t, closesAt: t + windowMs }
      broadcast(order)
    } else order.state = 'expired'
  }

  const check = (a: Assignment, msg: Body<'result'>): Checked | string =>
    checkResult({ jobId: a.jobId, digest: a.digest, canaryRows: a.canaryRows, priceMicro: a.priceMicro, valid: a.order.valid!, offer: a.order.offer, awardedAt: a.awardedAt }, nodes.get(a.nodeId)!.hello.nodeKey, msg, now())

  function commit(a: Assignment, c: Checked): void {
    const node = nodes.get(a.nodeId)!
    // Stored first: if the store fails, nothing is marked settled and the node's re-sent result settles it later.
    options.onSettled?.(c.settlement, a.nodeId, c.real)
    a.state = 'settled'
    a.held = null
    a.order.state = 'settled'
    node.running.delete(a.jobId)
    node.rep.jobs++
    if (c.settlement.outcome === 'full') node.rep.slaMet++
    options.onReputation?.(node.id, node.rep)
    send(a.nodeId, 'settlement', c.settlement)
  }

  /** Both twins answered: paid as usual when their outputs agree, nothing for either when they do not. */
  function settleTwins(a: Assignment, b: Assignment): void {
    const agree = outputsAgree(a.held!.real, b.held!.real)
    for (const x of [a, b]) {
      if (agree) commit(x, x.held!)
      else commit(x, { real: null, settlement: { ...x.held!.settlement, outcome: 'zero', reason: 'outputs disagree with a second node’s run of the same job beyond tolerance', lines: [], totalMicro: 0 } })
    }
    if (!agree) {
      // Neither answer can be trusted: the offer goes to a third node while its deadline allows.
      const order = a.order
      order.exclude.add(a.nodeId).add(b.nodeId)
      const t = now()
      if (order.offer.sla.deadline - t > windowMs * 2) {
        order.state = 'open'
        order.offer = { ...order.offer, postedAt: t, closesAt: t + windowMs }
        broadcast(order)
      }
    }
  }

  return {
    /** Why a hello must be refused, or null: a seal key no bundle can be sealed to (a low-order X25519 point) would fail at award time. */
    checkHello(hello: Hello): string | null {
      try {
        seal(Buffer.alloc(1), hello.sealKey, 'probe')
        return null
      } catch (err) {
        return `hello: ${(err as Error).message}`
      }
    },
    /** A node introduced itself (verified by the transport and checkHello). */
    join(nodeId: string, hello: Hello): void {
      const known = nodes.get(nodeId)
      const rep = known?.rep ?? options.reputationOf?.(nodeId) ?? { jobs: 0, slaMet: 0, failed: 0 }
      const t = now()
      const upMs = known ? known.upMs + (known.upSince !== null ? t - known.upSince : 0) : 0
      nodes.set(nodeId, { id: nodeId, hello, key: createPublicKey(hello.nodeKey), connected: true, lastSeen: t, running: known?.running ?? new Set(), rep, firstSeen: known?.firstSeen ?? t, upMs, upSince: t })
      options.onJoin?.(nodeId)
      for (const o of orders.values()) if (o.state === 'open') send(nodeId, 'offer', o.offer)
    },
    leave(nodeId: string): void {
      const n = nodes.get(nodeId)
      if (!n) return
      n.connected = false
      n.lastSeen = now()
      if (n.upSince !== null) n.upMs += n.lastSeen - n.upSince
      n.upSince = null
    },
    keyOf: (nodeId: string): KeyObject | null => nodes.get(nodeId)?.key ?? null,

    /** Validates the buyer's bundle completely before anything is offered; throws IngotError on a bad one. */
    post(order: BuyerOrder): Offer {
      const t = now()
      const valid = validateBundle(order.bundle, t)
      const o: Order = { offer: offerOf(valid, order, t, windowMs), valid, bids: new Map(), exclude: new Set(), state: 'open', buyer: order.buyer ?? 'demo', awards: [] }
      orders.set(o.offer.offerId, o)
      broadcast(o)
      return o.offer
    },

    /** A verified message from a node; returns an error text for the sender, or null. */
    receive(m: Opened): string | null {
      const n = nodes.get(m.from)
      if (m.type === 'hello') return null
      if (!n) return 'say hello first'
      n.lastSeen = now()
      if (m.type === 'bid') {
        const o = orders.get(m.body.offerId)
        if (!o || o.state !== 'open') return `offer ${m.body.offerId} is not open`
        if (m.body.priceMicro > o.offer.price.maxMicro) return `bid ${m.body.priceMicro} is over the offer's maximum ${o.offer.price.maxMicro}`
        if (!eligible(n, o.offer)) return 'this node does not meet the offer’s requirements'
        if (!o.bids.has(m.from)) o.bids.set(m.from, { bid: m.body, at: now() })
        return null
      }
      if (m.type === 'result' || m.type === 'failed') {
        const a = jobs.get(m.body.jobId)
        if (!a) {
          const before = options.settledBefore?.(m.body.jobId, m.from)
          if (before) {
            send(m.from, 'settlement', before)
            return null
          }
        }
        if (!a || a.nodeId !== m.from) return `job ${m.body.jobId} is not assigned to you`
        if (a.state === 'settled') return null // a re-sent result after a reconnect: settled once already
        if (a.state === 'revoked') {
          // Final: the node hears it again (it may have been away the first time) and books the job unpaid.
          send(m.from, 'revoke', { jobId: a.jobId, reason: a.revokedWhy! })
          return null
        }
        if (m.type === 'failed') {
          revoke(a, `the node reported ${m.body.code}: ${m.body.message}`)
          return null
        }
        if (a.held) return null // a result sent again while its twin is still running
        const c = check(a, m.body)
        if (typeof c === 'string') {
          revoke(a, c)
          return c
        }
        const twin = a.twin ? jobs.get(a.twin) : undefined
        if (!twin || twin.state !== 'running') commit(a, c)
        else if (!twin.held) a.held = c
        else {
          a.held = c
          settleTwins(a, twin)
        }
        return null
      }
      if (m.type === 'ack') options.onAck?.(m.from, m.body.ref)
      return null
    },

    /** Closes bid windows and takes back jobs whose node went silent; call about once a second. */
    tick(): void {
      const t = now()
      for (const o of orders.values()) {
        if (o.state !== 'open' || o.offer.closesAt > t) continue
        try {
          award(o)
        } catch (err) {
          // One bad award (a store that fails, a key that cannot be sealed to) must not stop the market.
          log.error({ err, offer: o.offer.offerId }, 'award failed; offer expired')
          o.state = 'expired'
        }
      }
      const live = new Set<Order>()
      for (const [id, a] of jobs) {
        if (a.state === 'running') live.add(a.order)
        // Finished assignments go after an hour; the settlement store remembers what was settled.
        if (a.state !== 'running' && t - a.expiresAt > 3600_000) jobs.delete(id)
        // A delivered result waiting for its twin is not late.
        if (a.state !== 'running' || a.held) continue
        const n = nodes.get(a.nodeId)
        // A node that drops off gets the grace period to come back with its result.
        if (t > a.expiresAt) revoke(a, 'no result in time')
        else if (n && !n.connected && t - n.lastSeen > graceMs) revoke(a, `the node has been gone for more than ${Math.round(graceMs / 1000)} s`)
      }
      for (const [id, o] of orders) {
        if (o.state !== 'settled' && o.state !== 'expired') continue
        // Final and no assignment still computing it: nothing will re-offer or check it again.
        if (!live.has(o)) o.valid = null
        if (t - o.offer.postedAt > 3600_000) orders.delete(id)
      }
      // Nodes gone for an hour with nothing running are forgotten (their record stays in the coordinator's store).
      for (const [id, n] of nodes) if (!n.connected && n.running.size === 0 && t - n.lastSeen > 3600_000) nodes.delete(id)
    },

    /** What the engine holds in memory: orders (and how many still carry their bundle's data), assignments, nodes. */
    held: () => ({ orders: orders.size, withData: [...orders.values()].filter((o) => o.valid !== null).length, assignments: jobs.size, nodes: nodes.size }),
    book: () => [...orders.values()].map((o) => ({ offer: o.offer, state: o.state, bids: o.bids.size, awards: o.awards })),
    /** Each node's record: jobs, settled in full, failed, reliability, and uptime since the market first saw it (this run). */
    reputation: () => {
      const t = now()
      return [...nodes.values()].map((n) => {
        const up = n.upMs + (n.upSince !== null ? t - n.upSince : 0)
        return { nodeId: n.id, connected: n.connected, ...n.rep, reliability: reliability(n.rep), uptimePct: t > n.firstSeen ? (100 * up) / (t - n.firstSeen) : 100 }
      })
    }
  }
}

export type Engine = ReturnType<typeof createEngine>
