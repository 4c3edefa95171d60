import type { WorkSize } from '../compute/perfModel'
import type { Bundle } from './bundle'

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Sizes of the Dense layers of a layers model, in order, or null when it has other compute layers. */
function denseLayers(topology: Record<string, unknown>, itemSize: number): { inputs: number; units: number }[] | null {
  const model = isObject(topology.model_config) ? topology.model_config : topology
  const config = model.config
  const layers = isObject(config) ? config.layers : Array.isArray(config) ? config : undefined
  if (!Array.isArray(layers)) return null
  const out: { inputs: number; units: number }[] = []
  let size = itemSize
  for (const layer of layers) {
    if (!isObject(layer) || !isObject(layer.config)) return null
    if (layer.class_name === 'Dense' && Number.isInteger(layer.config.units)) {
      out.push({ inputs: size, units: layer.config.units as number })
      size = layer.config.units as number
    } else if (!['InputLayer', 'Flatten', 'Reshape', 'Dropout', 'Activation', 'ReLU', 'LeakyReLU', 'Softmax'].includes(layer.class_name as string)) return null
  }
  return out.length ? out : null
}

/**
 * What a job asked of the machine, as the performance model counts work: its matrix products (a
 * matmul job, or the Dense layers of a model: forward passes, training ≈ 3× forward), sized by the
 * largest one. Null for models with other layers, which the model does not cover yet.
 */
export function jobWork(bundle: Bundle, rows: number, itemSize: number): WorkSize | null {
  let products: { m: number; k: number; n: number }[]
  let passes = 1
  if (bundle.kind === 'matmul') {
    const [k, n] = bundle.payload.weights.shape as [number, number]
    products = [{ m: rows, k, n }]
  } else {
    const layers = denseLayers(bundle.payload.model.modelTopology, itemSize)
    if (!layers || bundle.payload.model.format !== 'tfjs-layers') return null
    products = layers.map((l) => ({ m: rows, k: l.inputs, n: l.units }))
    if (bundle.kind === 'train') passes = 3
  }
  const flops = passes * products.reduce((s, p) => s + 2 * p.m * p.k * p.n, 0)
  const bytes = 4 * products.reduce((s, p) => s + p.m * p.k + p.k * p.n + p.m * p.n, 0)
  const largest = products.reduce((a, b) => (b.m * b.k * b.n > a.m * a.k * a.n ? b : a))
  return { kind: 'matmul', flops, bytes, n: Math.round(Math.cbrt(largest.m * largest.k * largest.n)) }
}
