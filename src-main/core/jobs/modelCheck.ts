/**
 * Layer classes a job's layers model may use: tfjs builds only registered classes, but a short,
 * known list keeps bundles to plain tensor maths (no custom or lambda layers, nothing to resolve).
 */
const allowedLayers = new Set([
  'InputLayer', 'Dense', 'Conv1D', 'Conv2D', 'DepthwiseConv2D', 'SeparableConv2D', 'MaxPooling1D', 'MaxPooling2D',
  'AveragePooling1D', 'AveragePooling2D', 'GlobalAveragePooling1D', 'GlobalAveragePooling2D', 'GlobalMaxPooling2D',
  'Flatten', 'Reshape', 'Dropout', 'Activation', 'ReLU', 'LeakyReLU', 'Softmax', 'BatchNormalization',
  'LayerNormalization', 'ZeroPadding2D', 'Add', 'Concatenate', 'Multiply', 'Embedding'
])
const containers = new Set(['Sequential', 'Model', 'Functional'])

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Why a layers-model topology cannot be a job's model, or null when it can. */
export function checkLayersTopology(topology: Record<string, unknown>): string | null {
  const model = isObject(topology.model_config) ? topology.model_config : topology
  if (typeof model.class_name !== 'string' || !containers.has(model.class_name)) return 'class_name must be Sequential, Model or Functional'
  const config = model.config
  const layers = isObject(config) ? config.layers : Array.isArray(config) ? config : undefined
  if (!Array.isArray(layers) || layers.length === 0) return 'it has no layers'
  if (layers.length > 500) return 'it has more than 500 layers'
  for (const [i, layer] of layers.entries()) {
    if (!isObject(layer) || typeof layer.class_name !== 'string') return `layer ${i} has no class_name`
    if (!allowedLayers.has(layer.class_name)) return `layer ${i} is a ${layer.class_name}, which jobs may not use`
    if (!isObject(layer.config)) return `layer ${i} has no config`
  }
  return null
}

/** The input shape a layers model declares on its first layer (batch axis dropped), or null when none. */
export function layersItemShape(topology: Record<string, unknown>): (number | null)[] | null {
  const model = isObject(topology.model_config) ? topology.model_config : topology
  const config = model.config
  const layers = isObject(config) ? config.layers : Array.isArray(config) ? config : undefined
  const first = Array.isArray(layers) && isObject(layers[0]) && isObject(layers[0].config) ? layers[0].config : null
  const shape = first?.batch_input_shape ?? first?.batchInputShape
  if (!Array.isArray(shape) || shape.length < 2 || !shape.every((d) => d === null || (Number.isInteger(d) && (d as number) > 0))) return null
  return shape.slice(1) as (number | null)[]
}
