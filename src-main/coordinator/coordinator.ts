import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer } from 'ws'
import { z } from 'zod'
import { IngotError } from '../core/errors'
import { loadOrCreateNodeKey } from '../core/identity/nodeKey'
import type { Log } from '../core/log'
import { demoOrder, nextGapMs } from '../core/market/demand'
import { createMarketHost } from '../core/market/marketHost'
import { MESSAGE_MAX_BYTES } from '../core/market/protocol'
import { wsLink } from '../core/market/wsConnect'
import { resolveToken, tokenMatches } from '../headless/auth'
import { openCoordinatorStore } from './coordinatorStore'

export interface CoordinatorOptions {
  dataDir: string
  port: number
  /** 127.0.0.1 by default; 0.0.0.0 lets a lab's machines reach it. */
  host?: string
  log: Log
  /** Demo buyers post offers too (for a lab trying it out, and for load). */
  demoBuyers?: boolean
  bidWindowMs?: number
  graceMs?: number
  /** Share of jobs also run on a second node whose outputs must agree (0–1, default 0.1). */
  redundancy?: number
}

const orderSchema = z
  .object({
    bundle: z.unknown(),
    title: z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
    vramMiB: z.number().int().min(0).max(1 << 22).optional(),
    backends: z.array(z.enum(['tensorflow-gpu', 'tensorflow-cpu', 'wasm', 'cpu'])).max(4).optional(),
    buyer: z.string().max(200).optional()
  })
  .strict()

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' })
  res.end(text)
}

function readBody(req: IncomingMessage, max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > max) {
        req.removeAllListeners('data')
        reject(new IngotError('E_TOO_LARGE', `The body is over ${max} bytes.`))
      } else chunks.push(c)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

/**
 * The market for labs: the same matching engine the embedded demo market runs, as a server. Nodes
 * join over WebSocket (signed protocol, docs/PROTOCOL.md); buyers post jobs with POST /offers
 * (token in the data dir); settlements and node track records are kept in SQLite, so a restart
 * keeps what was settled and a settlement is re-sent until the node acknowledges it.
 */
export async function startCoordinator(o: CoordinatorOptions) {
  const { log } = o
  const store = openCoordinatorStore(o.dataDir)
  const { token } = resolveToken(o.dataDir, process.env, { envVar: 'INGOT_COORDINATOR_TOKEN', file: 'coordinator-token' })
  // The market's signing key is a node-style Ed25519 key kept in the data dir: nodes pin it.
  const key = loadOrCreateNodeKey({ dataDir: o.dataDir, clock: { now: Date.now } })
  const signer = { keyId: key.identity().keyId, publicKeyPem: key.publicKeyPem, sign: (d: string) => key.sign(d) }
  const host = createMarketHost({
    now: Date.now,
    log,
    signer,
    mode: 'coordinator',
    bidWindowMs: o.bidWindowMs ?? 1500,
    graceMs: o.graceMs,
    redundancy: o.redundancy ?? 0.1,
    reputationOf: store.reputation,
    onReputation: store.setReputation,
    settledBefore: store.settledBefore,
    onSettled: (s, nodeId, outputs) => {
      if (!store.settle(s, nodeId, outputs)) log.warn({ job: s.jobId }, 'settlement already recorded')
    },
    onJoin: (nodeId) => {
      store.seen(nodeId, String(host.engine.keyOf(nodeId)?.export({ type: 'spki', format: 'pem' }) ?? ''), Date.now())
      // Settlements the node has not acknowledged (it was offline, or we restarted) go again.
      setImmediate(() => store.unacked(nodeId).forEach((s) => host.send(nodeId, 'settlement', s)))
    },
    onAck: (nodeId, ref) => store.ack(ref, nodeId),
    onRejected: (code, reason) => log.warn({ code, reason }, 'frame rejected')
  })
  const tick = setInterval(() => host.engine.tick(), 200)

  const server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      const e = err instanceof IngotError ? err : new IngotError('E_INTERNAL', 'Internal error.')
      if (!(err instanceof IngotError)) log.error({ err }, 'coordinator request failed')
      send(res, e.code === 'E_TOO_LARGE' ? 413 : e.code === 'E_INTERNAL' ? 500 : 400, { ok: false, error: e.toBody() })
    })
  })
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://coordinator')
    if (url.pathname === '/health') return send(res, 200, { ok: true })
    const auth = req.headers.authorization?.match(/^Bearer (.+)$/)?.[1]
    if (!tokenMatches(auth, token)) return send(res, 401, { ok: false, error: { code: 'E_UNAUTHORIZED', message: 'Send the coordinator token (coordinator-token in its data dir) as a Bearer token.' } })
    if (req.method === 'POST' && url.pathname === '/offers') {
      let raw: unknown
      try {
        raw = JSON.parse(await readBody(req, MESSAGE_MAX_BYTES))
      } catch (err) {
        if (err instanceof IngotError) throw err
        throw new IngotError('E_BAD_JSON', 'The body is not JSON.')
      }
      const order = orderSchema.safeParse(raw)
      if (!order.success) throw new IngotError('E_BAD_INPUT', `order ${order.error.issues[0]?.path.join('.') ?? ''}: ${order.error.issues[0]?.message ?? 'invalid'}`)
      return send(res, 201, { ok: true, value: host.engine.post(order.data) })
    }
    if (req.method === 'GET' && url.pathname === '/offers') return send(res, 200, { ok: true, value: host.engine.book() })
    if (req.method === 'GET' && url.pathname === '/nodes') return send(res, 200, { ok: true, value: host.engine.reputation() })
    if (req.method === 'GET' && url.pathname === '/settlements') return send(res, 200, { ok: true, value: { settlements: store.settlements(Math.min(1000, Number(url.searchParams.get('limit') ?? 100) || 100)), totals: store.totals() } })
    const result = url.pathname.match(/^\/jobs\/([0-9a-f-]{36})\/result$/)
    if (req.method === 'GET' && result) {
      const r = store.outputs(result[1]!)
      if (!r) return send(res, 404, { ok: false, error: { code: 'E_NOT_FOUND', message: 'No settled job with that id.' } })
      return send(res, 200, { ok: true, value: { settlement: r.settlement, outputsBase64: r.outputs?.toString('base64') ?? null } })
    }
    return send(res, 404, { ok: false, error: { code: 'E_NOT_FOUND', message: 'Not found.' } })
  }

  const wss = new WebSocketServer({ server, maxPayload: MESSAGE_MAX_BYTES })
  wss.on('connection', (ws) => host.attach(wsLink(ws)))

  let demoTimer: NodeJS.Timeout | null = null
  if (o.demoBuyers) {
    const post = () => {
      try {
        host.engine.post(demoOrder(Date.now(), Math.random))
      } catch (err) {
        log.error({ err }, 'demo order refused')
      }
      demoTimer = setTimeout(post, nextGapMs(new Date().getHours(), Math.random))
    }
    demoTimer = setTimeout(post, 1000)
  }

  await new Promise<void>((resolve) => server.listen(o.port, o.host ?? '127.0.0.1', resolve))
  const addr = server.address() as AddressInfo
  const shown = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address
  return {
    wsUrl: `ws://${shown}:${addr.port}`,
    httpUrl: `http://${shown}:${addr.port}`,
    token,
    keyId: signer.keyId,
    engine: host.engine,
    store,
    async stop(): Promise<void> {
      clearInterval(tick)
      if (demoTimer) clearTimeout(demoTimer)
      for (const c of wss.clients) c.terminate()
      await new Promise<void>((r) => wss.close(() => r()))
      await new Promise<void>((r) => server.close(() => r()))
      store.close()
    }
  }
}

export type Coordinator = Awaited<ReturnType<typeof startCoordinator>>
