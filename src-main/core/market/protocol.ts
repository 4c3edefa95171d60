import { z } from 'zod'
import { signedReceiptSchema } from '../identity/receipt'
import { sealedBoxSchema } from './seal'

/**
 * The market protocol, version 1 (docs/PROTOCOL.md): JSON messages, each in a signed envelope.
 * The same schemas validate both sides — the node's client and the coordinator — so neither trusts
 * the other's shapes.
 */
export const MARKET_PROTOCOL = 1

/** The most one message may weigh on the wire (a sealed bundle is the largest). */
export const MESSAGE_MAX_BYTES = 48 * 1024 * 1024

const keyId = z.string().regex(/^[0-9a-f]{16}$/, 'must be a key id (16 hex chars)')
const uuid = z.string().uuid('must be a UUID')
const micro = z.number('must be a number').int('must be whole micro-units').min(0, 'must not be negative').max(Number.MAX_SAFE_INTEGER)
const time = z.number().int().min(0).max(8.64e15)
const positive = z.number().positive().max(1e12)
const region = z.string().regex(/^(any|[a-z]{2}(-[a-z0-9]{1,12}){0,2})$/, "must be 'any' or a region code like 'eu'")
const currency = z.string().regex(/^[A-Z]{3,8}$/, 'must be a currency code such as DEMO or USD')
const text = (max: number) => z.string().max(max)

export const slaTermsSchema = z
  .object({
    maxLatencyMsP95: positive.optional(),
    minThroughputPerSec: positive.optional(),
    minAccuracy: z.number().min(0).max(1).optional(),
    deadline: time
  })
  .strict()
export type SlaTerms = z.infer<typeof slaTermsSchema>

/** What a job asks of the machine, as the performance model counts it. */
export const workSchema = z
  .object({
    kind: z.enum(['matmul', 'conv2d', 'elementwise']),
    flops: z.number().min(0).max(1e18),
    bytes: z.number().min(0).max(1e15),
    n: z.number().int().min(1).max(1e6).optional(),
    /** Rows the node computes (canaries included) and the batch size they come in. */
    rows: z.number().int().min(1).max(1e7),
    batchSize: z.number().int().min(1).max(1e5)
  })
  .strict()
export type OfferWork = z.infer<typeof workSchema>

export const offerSchema = z
  .object({
    offerId: uuid,
    kind: z.enum(['inference', 'matmul', 'train']),
    /** A one-line description for people ("MNIST digits, 640 items"). */
    title: text(200),
    requirements: z
      .object({
        vramMiB: z.number().int().min(0).max(1 << 22),
        region,
        /** Backends the buyer accepts; empty means any. */
        backends: z.array(z.enum(['tensorflow-gpu', 'tensorflow-cpu', 'wasm', 'cpu'])).max(4)
      })
      .strict(),
    sla: slaTermsSchema,
    work: workSchema,
    price: z.object({ unit: z.enum(['per1kItems', 'perGpuSecond']), maxMicro: micro, currency }).strict(),
    /** Items the buyer pays for (train: steps). */
    items: z.number().int().min(1).max(1e7),
    bundleBytes: z.number().int().min(0).max(MESSAGE_MAX_BYTES),
    postedAt: time,
    /** Bids are collected until then; the award follows. */
    closesAt: time
  })
  .strict()
export type Offer = z.infer<typeof offerSchema>

export const helloSchema = z
  .object({
    /** Ed25519 SPKI PEM: the key that signs this node's messages and receipts. */
    nodeKey: text(2000),
    /** X25519 public key (raw 32 bytes, base64) that job bundles are sealed to. */
    sealKey: z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'must be a raw 32-byte X25519 key in base64'),
    region,
    backend: z.enum(['tensorflow-gpu', 'tensorflow-cpu', 'wasm', 'cpu', 'unknown']),
    gpus: z.array(z.object({ name: text(200), vramMiB: z.number().int().min(0).max(1 << 22) }).strict()).max(64),
    bench: z.object({ matmulGflops: positive, bandwidthGbps: positive }).strict().nullable(),
    /** Jobs this node runs at once. */
    capacity: z.number().int().min(1).max(64),
    version: text(40)
  })
  .strict()
export type Hello = z.infer<typeof helloSchema>

export const bidSchema = z
  .object({
    offerId: uuid,
    /** Per the offer's unit, at most its maxMicro. */
    priceMicro: micro,
    predicted: z.object({ runMs: positive, latencyMsP95: positive, throughputPerSec: positive }).strict()
  })
  .strict()
export type Bid = z.infer<typeof bidSchema>

export const resultSchema = z
  .object({
    jobId: uuid,
    receipt: signedReceiptSchema,
    /** The outputs, every row (canaries included) in order, little-endian float32 in base64. */
    outputsBase64: z.string().max(Math.ceil((MESSAGE_MAX_BYTES * 4) / 3)),
    outputSize: z.number().int().min(0).max(1e6)
  })
  .strict()
export type JobResultMsg = z.infer<typeof resultSchema>

export const failureSchema = z.object({ jobId: uuid, code: text(40), message: text(500) }).strict()

export const payLineSchema = z.object({ kind: z.enum(['earning', 'penalty', 'fee', 'adjustment']), amountMicro: z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER), memo: text(300) }).strict()

export const settlementSchema = z
  .object({
    jobId: uuid,
    offerId: uuid,
    outcome: z.enum(['full', 'penalised', 'zero']),
    reason: text(500),
    currency,
    lines: z.array(payLineSchema).max(10),
    totalMicro: z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER),
    settledAt: time
  })
  .strict()
export type Settlement = z.infer<typeof settlementSchema>

/** Every message body, by type. Node → market: hello, bid, result, failed, heartbeat, ack. Market → node: welcome, offer, award, lost, settlement, revoke, error. */
export const bodySchemas = {
  hello: helloSchema,
  bid: bidSchema,
  result: resultSchema,
  failed: failureSchema,
  heartbeat: z.object({ running: z.array(uuid).max(64) }).strict(),
  /** Delivery confirmation of a message id (settlements are re-sent until acknowledged). */
  ack: z.object({ ref: z.string().max(80) }).strict(),
  welcome: z.object({ nodeId: keyId, marketKey: text(2000), serverTime: time, mode: z.enum(['embedded', 'coordinator']) }).strict(),
  offer: offerSchema,
  award: z.object({ offerId: uuid, jobId: uuid, priceMicro: micro, sealed: sealedBoxSchema }).strict(),
  lost: z.object({ offerId: uuid, yourPriceMicro: micro, winningPriceMicro: micro.nullable(), reason: text(300) }).strict(),
  settlement: settlementSchema,
  revoke: z.object({ jobId: uuid, reason: text(300) }).strict(),
  error: z.object({ code: text(40), message: text(500), ref: z.string().max(80).nullable() }).strict()
} as const
export type MessageType = keyof typeof bodySchemas
export type Body<T extends MessageType> = z.infer<(typeof bodySchemas)[T]>
export const messageTypes = Object.keys(bodySchemas) as MessageType[]

/** The signed envelope every message travels in. */
export const envelopeSchema = z
  .object({
    v: z.literal(MARKET_PROTOCOL, `must be protocol version ${MARKET_PROTOCOL}`),
    type: z.enum(messageTypes as [MessageType, ...MessageType[]]),
    /** Key id of the sender. */
    from: keyId,
    /** 128 random bits, hex: with ts, what makes a replay detectable. */
    nonce: z.string().regex(/^[0-9a-f]{32}$/, 'must be 32 hex chars'),
    ts: time,
    body: z.unknown(),
    /** Ed25519 over the canonical JSON of every other field, base64. */
    sig: z.string().max(200).regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be base64')
  })
  .strict()
export type Envelope = z.infer<typeof envelopeSchema>
