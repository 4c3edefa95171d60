import { randomUUID } from 'node:crypto'
import { loadMnistModel, loadMnistTestSet, MNIST_CLASSES, MNIST_PIXELS, type MnistModelWire, type MnistTestSet } from './mnistModel'

export interface MnistJobOptions {
  now: number
  /** Test digits to classify, from `offset` on (default 200). */
  count?: number
  offset?: number
  batchSize?: number
  /** Held-out digits with known answers, never among the items (default 20). */
  canaries?: number
  priceMicroPer1k?: number
  currency?: string
  maxLatencyMsP95?: number
  minThroughputPerSec?: number
  /** Share of canaries that must come out right (default 0.9; needs canaries). */
  minAccuracy?: number
  deadlineInMs?: number
}

export interface MnistJobBundle {
  version: 1
  id: string
  kind: 'inference'
  createdAt: number
  region: 'any'
  sla: { deadline: number; minAccuracy?: number; maxLatencyMsP95?: number; minThroughputPerSec?: number }
  price: { currency: string; unit: 'per1kItems'; microUnits: number }
  canaries: { input: number[]; expected: number[]; tolerance: number }[]
  payload: { model: MnistModelWire; inputs: { shape: [number, number]; base64: string }; batchSize: number }
}

// A softmax output within 0.5 of the one-hot answer on every class means the true class has at
// least half the probability: the digit is classified right, and confidently.
const CANARY_TOLERANCE = 0.5

function wholeAtLeast(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) throw new Error(`makeMnistJob: ${name} must be a whole number ≥ ${min}, not ${value}.`)
}

/**
 * Which test digits a job uses: items are the contiguous run [offset, offset + count); canaries are
 * the digits right after it, wrapping round the test set, so the two never overlap.
 */
export function mnistJobIndices(count: number, offset: number, canaries: number, total = loadMnistTestSet().count): { items: number[]; canaries: number[] } {
  wholeAtLeast('count', count, 1)
  wholeAtLeast('offset', offset, 0)
  wholeAtLeast('canaries', canaries, 0)
  if (offset + count > total) throw new Error(`makeMnistJob: items ${offset}…${offset + count - 1} run past the ${total} held-out MNIST digits.`)
  if (count + canaries > total) throw new Error(`makeMnistJob: ${count} items and ${canaries} canaries need ${count + canaries} distinct digits; the test set has ${total}.`)
  return {
    items: Array.from({ length: count }, (_, i) => offset + i),
    canaries: Array.from({ length: canaries }, (_, k) => (offset + count + k) % total)
  }
}

/** The true labels of a job's items, in item order: ground truth to score its outputs against. */
export function mnistLabelsFor(count = 200, offset = 0): number[] {
  const test = loadMnistTestSet()
  return mnistJobIndices(count, offset, 0, test.count).items.map((i) => test.labels[i]!)
}

const pixelsOf = (test: MnistTestSet, index: number): Uint8Array => test.images.subarray(index * MNIST_PIXELS, (index + 1) * MNIST_PIXELS)

/** An inference job bundle (docs/PROTOCOL.md) that classifies held-out MNIST digits with the shipped model. */
export function makeMnistJob(options: MnistJobOptions): MnistJobBundle {
  const { now, count = 200, offset = 0, batchSize = 32, canaries = 20, priceMicroPer1k = 50_000, currency = 'DEMO', deadlineInMs = 3_600_000 } = options
  if (options.minAccuracy !== undefined && canaries === 0) throw new Error('makeMnistJob: minAccuracy is measured on canaries; ask for at least one.')
  const minAccuracy = options.minAccuracy ?? (canaries > 0 ? 0.9 : undefined)
  const test = loadMnistTestSet()
  const chosen = mnistJobIndices(count, offset, canaries, test.count)

  const inputs = Buffer.alloc(count * MNIST_PIXELS * 4)
  chosen.items.forEach((index, i) => pixelsOf(test, index).forEach((p, j) => inputs.writeFloatLE(p / 255, (i * MNIST_PIXELS + j) * 4)))

  const sla: MnistJobBundle['sla'] = { deadline: now + deadlineInMs }
  if (minAccuracy !== undefined) sla.minAccuracy = minAccuracy
  if (options.maxLatencyMsP95 !== undefined) sla.maxLatencyMsP95 = options.maxLatencyMsP95
  if (options.minThroughputPerSec !== undefined) sla.minThroughputPerSec = options.minThroughputPerSec

  return {
    version: 1,
    id: randomUUID(),
    kind: 'inference',
    createdAt: now,
    region: 'any',
    sla,
    price: { currency, unit: 'per1kItems', microUnits: priceMicroPer1k },
    canaries: chosen.canaries.map((index) => ({
      input: Array.from(pixelsOf(test, index), (p) => p / 255),
      expected: Array.from({ length: MNIST_CLASSES }, (_, c) => (c === test.labels[index] ? 1 : 0)),
      tolerance: CANARY_TOLERANCE
    })),
    payload: { model: loadMnistModel(), inputs: { shape: [count, MNIST_PIXELS], base64: inputs.toString('base64') }, batchSize }
  }
}
