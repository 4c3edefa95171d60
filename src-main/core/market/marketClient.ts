import { createPublicKey, type KeyObject } from 'node:crypto'
import type { JobSummary, MarketStatus } from '../../../src-preload/contract'
import type { Clock } from '../clock'
import type { WorkSize } from '../compute/perfModel'
import type { EventHub } from '../events'
import type { NodeKey } from '../identity/nodeKey'
import type { JobService } from '../jobs/jobService'
import type { Log } from '../log'
import { decideBid, type NodeFacts, type Pricing } from './bidPolicy'
import { createReplayGuard, openMessage, signMessage, type Opened } from './envelope'
import type { Link } from './link'
import type { OfferLog } from './offerLog'
import type { Body, Hello, MessageType } from './protocol'
import { openSealed, type SealKey } from './seal'

export interface MarketClientOptions {
  /** 'embedded' or the coordinator's URL: names the market in the offer log and the status. */
  market: string
  mode: 'embedded' | 'coordinator'
  key: NodeKey
  sealKey: SealKey
  clock: Clock
  log: Log
  events: EventHub
  jobs: JobService
  offers: OfferLog
  hello: () => Hello
  facts: () => NodeFacts
  predictMs: (w: WorkSize) => { ms: number } | null
  pricing: () => Pricing
  /** A bid won or lost: the adaptive strategy moves its price. */
  outcome: (won: boolean) => void
  /** Told of writes that failed for lack of disk (db/storageHealth.ts): the node pauses rather than crash. */
  storage?: { report(err: unknown): boolean }
}

export const HEARTBEAT_MS = 10_000

/**
 * The node's side of the market: introduces itself, decides on every offer (bidPolicy.ts) and
 * records why, runs awarded jobs through the ordinary job queue, returns signed results, books the
 * market's settlements in the ledger, and gives back revoked jobs. One link at a time; a new link
 * (a reconnect) re-sends results the market has not settled yet.
 */
export function createMarketClient(o: MarketClientOptions) {
  const { key, clock, log, jobs, offers } = o
  const signer = { keyId: key.identity().keyId, sign: (d: string) => key.sign(d) }
  const guard = createReplayGuard()
  let link: Link | null = null
  let marketKey: KeyObject | null = null
  let marketKeyId: string | null = null
  const status: MarketStatus = { mode: o.mode, market: o.market, state: 'connecting', since: clock.now(), marketKeyId: null, lastError: null, offersSeen: 0, bids: 0, won: 0, lost: 0, settled: 0 }
  const setState = (state: MarketStatus['state'], lastError: string | null = status.lastError) => {
    if (state !== status.state) status.since = clock.now()
    status.state = state
    status.lastError = lastError
    o.events.emit('market.status', { ...status })
  }

  // Offers come again when nobody won them: each counts once (a bounded memory of recent ids).
  const seenIds = new Set<string>()
  const pushStatus = () => o.events.emit('market.status', { ...status })
  const send = <T extends MessageType>(type: T, body: Body<T>) => link?.send(JSON.stringify(signMessage(type, body, signer, clock.now())))

  function sendResult(job: JobSummary): void {
    try {
      const r = jobs.marketResult(job.id)
      send('result', { jobId: job.id, receipt: r.receipt, outputsBase64: r.output.toString('base64'), outputSize: r.outputSize })
    } catch (err) {
      log.error({ err, job: job.id }, 'could not send a market result')
    }
  }

  // Awards still being stored: a revoke that overtakes one is kept, and applied once the job exists.
  const arriving = new Map<string, { from: string; revoke: Body<'revoke'> | null }>()

  async function takeAward(body: Body<'award'>, from: string): Promise<void> {
    const { jobId, offerId, priceMicro } = body
    // The same award again while the first is stored: the first answers for both.
    if (arriving.has(jobId)) return void log.warn({ job: jobId }, 'award received twice; the first is being stored')
    const pending = { from, revoke: null as Body<'revoke'> | null }
    arriving.set(jobId, pending)
    try {
      const bundle = JSON.parse(openSealed(body.sealed, o.sealKey, jobId).toString('utf8')) as { id?: unknown }
      if (bundle.id !== jobId) throw new Error('the sealed bundle is for another job')
      await jobs.submit(bundle, 'market')
      status.won++
      offers.won(offerId, priceMicro, jobId, from)
      o.outcome(true)
      pushStatus()
    } catch (err) {
      // A disk that cannot take the job is the node's trouble, not a bad bundle: say which.
      const storage = o.storage?.report(err) ?? false
      log.warn({ err, job: jobId }, 'award refused')
      send('failed', { jobId, code: storage ? 'E_STORAGE' : 'E_BAD_INPUT', message: (err as Error).message.slice(0, 400) })
      return
    } finally {
      arriving.delete(jobId)
    }
    if (pending.revoke) takenBack(pending.revoke, from)
  }

  /**
   * The market took a job back: one still here is cancelled; one done here but not settled will never
   * be paid (its result came too late, or the market refused it), so it is booked at zero with the
   * market's reason rather than left pending for ever.
   */
  function takenBack(body: Body<'revoke'>, from: string): void {
    const { jobId, reason } = body
    const pending = arriving.get(jobId)
    if (pending?.from === from) {
      log.info({ job: jobId }, 'revoke kept until its award is stored')
      return void (pending.revoke = body)
    }
    if (!offers.jobsFrom(from).has(jobId)) return void log.warn({ job: jobId }, 'revoke for a job this market did not award')
    log.warn({ job: jobId, reason }, 'the market took a job back')
    try {
      const job = jobs.get(jobId)
      if (job.state === 'queued' || job.state === 'running') jobs.cancel(jobId, `Taken back by the market: ${reason}`)
      else if (job.state === 'done' && job.settledAt === null) {
        jobs.settle(jobId, { settledAt: clock.now(), currency: job.currency, outcome: 'zero', reason: `taken back by the market: ${reason}`, lines: [] })
      }
    } catch (err) {
      if (!o.storage?.report(err)) log.error({ err, job: jobId }, 'could not record a job the market took back')
    }
  }

  function onMessage(m: Opened): void {
    switch (m.type) {
      case 'welcome': {
        setState('connected', null)
        // Results this market has not settled (finished while the link was down, or before a
        // restart) go again; it settles each job once whatever it receives twice.
        const ours = offers.jobsFrom(m.from)
        for (const j of jobs.unsettledMarketJobs()) if (ours.has(j.id)) sendResult(j)
        // Jobs still waiting for a market that no longer exists (an earlier run's demo market) cannot be paid: give them up.
        for (const j of jobs.list({ state: 'queued', limit: 500 })) if (j.source === 'market' && !ours.has(j.id) && o.mode === 'embedded') jobs.cancel(j.id)
        return
      }
      case 'offer': {
        if (!seenIds.has(m.body.offerId)) {
          if (seenIds.size > 5000) seenIds.clear()
          seenIds.add(m.body.offerId)
          status.offersSeen++
        }
        const busy = jobs.list({ state: 'queued', limit: 100 }).filter((j) => j.source === 'market').length + jobs.list({ state: 'running', limit: 10 }).filter((j) => j.source === 'market').length
        const d = decideBid(m.body, clock.now(), { ...o.facts(), busy }, o.predictMs, o.pricing())
        offers.seen(o.market, m.body, d, clock.now())
        if (d.decision === 'bid') {
          status.bids++
          send('bid', { offerId: m.body.offerId, priceMicro: d.priceMicro, predicted: d.predicted })
        }
        return pushStatus()
      }
      case 'lost':
        status.lost++
        offers.lost(m.body.offerId, m.body.winningPriceMicro)
        o.outcome(false)
        return pushStatus()
      case 'award':
        return void takeAward(m.body, m.from)
      case 'settlement': {
        // Only the market that awarded a job settles it.
        if (!offers.jobsFrom(m.from).has(m.body.jobId)) {
          log.warn({ job: m.body.jobId }, 'settlement for a job this market did not award')
          send('ack', { ref: m.body.jobId })
          return
        }
        try {
          if (jobs.settle(m.body.jobId, m.body)) status.settled++
          pushStatus()
        } catch (err) {
          // Not acknowledged: a coordinator sends it again when the node reconnects (the embedded market does not).
          if (!o.storage?.report(err)) log.error({ err, job: m.body.jobId }, 'could not record a settlement')
          return
        }
        send('ack', { ref: m.body.jobId })
        return
      }
      case 'revoke':
        return takenBack(m.body, m.from)
      case 'error':
        log.warn({ code: m.body.code, message: m.body.message }, 'the market refused a message')
        status.lastError = `${m.body.code}: ${m.body.message}`
        return
      default:
        return
    }
  }

  // Finished market jobs report back; a job the node failed is handed back at once.
  const unsubscribe = o.events.on('jobs.changed', (j) => {
    if (j.source !== 'market' || !link) return
    // Settled jobs are the market's word already (their outputs are gone): nothing to send.
    if (j.state === 'done' && j.payMicro !== null && j.settledAt === null) sendResult(j)
    if (j.state === 'failed') send('failed', { jobId: j.id, code: j.error?.code ?? 'E_INTERNAL', message: (j.error?.message ?? 'failed').slice(0, 400) })
  })

  // Heartbeats tell the market this node is alive between jobs and results.
  const heartbeat = setInterval(() => {
    if (status.state === 'connected') send('heartbeat', { running: jobs.list({ state: 'running', limit: 10 }).filter((j) => j.source === 'market').map((j) => j.id) })
  }, HEARTBEAT_MS)
  heartbeat.unref()

  return {
    /** Speaks over this link from now on (a reconnect hands in a new one). */
    attach(l: Link): void {
      link = l
      setState('connecting')
      l.onMessage((text) => {
        const m = openMessage(text, (id) => (id === marketKeyId ? marketKey : null), guard, clock.now())
        if (!m.ok) {
          log.warn({ code: m.code, reason: m.reason }, 'market message rejected')
          status.lastError = `${m.code}: ${m.reason}`
          return
        }
        if (m.type === 'welcome') {
          // Once known, the market's key is pinned: a different one later is refused.
          if (marketKeyId !== null && m.from !== marketKeyId) return void (status.lastError = `the market's key changed (${marketKeyId} → ${m.from}); refused`)
          marketKeyId = m.from
          marketKey = createPublicKey(m.body.marketKey)
          status.marketKeyId = m.from
        } else if (m.from !== marketKeyId) return
        try {
          onMessage(m)
        } catch (err) {
          // One message that could not be recorded must not end the node; a lost offer or bid costs nothing.
          if (!o.storage?.report(err)) log.error({ err, type: m.type }, 'market message failed')
        }
      })
      l.onClose(() => {
        if (link === l) {
          link = null
          setState('disconnected')
        }
      })
      send('hello', o.hello())
    },
    status: (): MarketStatus => ({ ...status }),
    /**
     * The owner needs the machine: this market's jobs still queued or running here go back to it at
     * once (cancelled here, reported failed there), so it offers them again now rather than after
     * their time runs out — and no work goes into results it would no longer pay for. Returns how many.
     */
    handBack(why: string): number {
      if (!link || status.state !== 'connected' || marketKeyId === null) return 0
      const ours = offers.jobsFrom(marketKeyId)
      const active = [...jobs.list({ state: 'running', limit: 10 }), ...jobs.list({ state: 'queued', limit: 500 })].filter((j) => j.source === 'market' && ours.has(j.id))
      let handed = 0
      for (const j of active) {
        try {
          jobs.cancel(j.id, `Handed back to the market: ${why}`)
        } catch {
          continue // ended meanwhile: its result or failure goes as usual
        }
        send('failed', { jobId: j.id, code: 'E_PAUSED', message: `The owner needs the machine: ${why}`.slice(0, 400) })
        handed++
      }
      if (handed) log.info({ handed, why }, 'market jobs handed back')
      return handed
    },
    close(): void {
      clearInterval(heartbeat)
      unsubscribe()
      link?.close()
      link = null
    }
  }
}

export type MarketClient = ReturnType<typeof createMarketClient>
