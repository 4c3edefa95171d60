import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

/** Pixels per digit: 28×28, row-major. */
export const MNIST_PIXELS = 784
export const MNIST_CLASSES = 10

const MODEL_DIR = join('models', 'mnist')

/**
 * The resources folder: INGOT_RESOURCES when set, else the first `resources` folder above this file
 * that holds the MNIST model. Walking up serves the bundled file (out/main → ../../resources) and
 * the .ts source under vitest (src-main/core/jobs → ../../../resources) alike.
 */
export function resourcesDir(): string {
  const fromEnv = process.env.INGOT_RESOURCES
  if (fromEnv) return fromEnv
  for (let d = __dirname; ; d = dirname(d)) {
    if (existsSync(join(d, 'resources', MODEL_DIR, 'model.json'))) return join(d, 'resources')
    if (dirname(d) === d) break
  }
  throw new Error(`No resources/${MODEL_DIR}/model.json above ${__dirname}: run \`npm run train:mnist\`, or set INGOT_RESOURCES to the resources folder.`)
}

export interface MnistModelWire {
  format: 'tfjs-layers'
  modelTopology: Record<string, unknown>
  weightSpecs: { name: string; shape: number[]; dtype: 'float32' }[]
  weightsBase64: string
}

interface ModelJson {
  modelTopology: Record<string, unknown>
  weightsManifest: { paths: string[]; weights: MnistModelWire['weightSpecs'] }[]
}

/** The shipped model in a job bundle's wire form (payload.model). */
export function loadMnistModel(): MnistModelWire {
  const dir = join(resourcesDir(), MODEL_DIR)
  const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as ModelJson
  // The manifest's files hold the weights in the order of its specs, group after group.
  const weights = Buffer.concat(json.weightsManifest.flatMap((g) => g.paths.map((p) => readFileSync(join(dir, p)))))
  return { format: 'tfjs-layers', modelTopology: json.modelTopology, weightSpecs: json.weightsManifest.flatMap((g) => g.weights), weightsBase64: weights.toString('base64') }
}

export interface MnistTestSet {
  /** count × 784 bytes, 0–255; round-robin over the classes (see MODEL_CARD.md). */
  images: Uint8Array
  /** One true class (0–9) per image. */
  labels: Uint8Array
  count: number
}

/** The digits held out from training, with their true labels. */
export function loadMnistTestSet(): MnistTestSet {
  const dir = join(resourcesDir(), MODEL_DIR)
  const images = new Uint8Array(readFileSync(join(dir, 'test-images.u8')))
  const labels = new Uint8Array(readFileSync(join(dir, 'test-labels.u8')))
  if (images.length !== labels.length * MNIST_PIXELS) throw new Error(`${dir}: test-images.u8 holds ${images.length} bytes but test-labels.u8 needs ${labels.length * MNIST_PIXELS}; rerun \`npm run train:mnist\`.`)
  if (labels.some((l) => l >= MNIST_CLASSES)) throw new Error(`${dir}: test-labels.u8 holds a label above 9; rerun \`npm run train:mnist\`.`)
  return { images, labels, count: labels.length }
}
