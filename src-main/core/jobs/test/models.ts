import * as tf from '@tensorflow/tfjs-core'
import * as tfl from '@tensorflow/tfjs-layers'

/** A layers model as a buyer would send it: Dense 4 → `units`, every kernel weight `kernel` (0 unless given). Needs a tfjs backend set. */
export async function denseModel(units: number, activation: 'softmax' | 'linear' = 'softmax', kernel = 0) {
  const m = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [4], units, activation, kernelInitializer: tfl.initializers.constant({ value: kernel }) })] })
  let artifacts: tf.io.ModelArtifacts | null = null
  await m.save(tf.io.withSaveHandler(async (a) => ((artifacts = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })))
  m.dispose()
  const a = artifacts!
  return { format: 'tfjs-layers', modelTopology: a.modelTopology, weightSpecs: a.weightSpecs, weightsBase64: Buffer.from(a.weightData as ArrayBuffer).toString('base64') }
}
