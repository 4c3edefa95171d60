import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import * as tf from '@tensorflow/tfjs-core'
import type { BackendDiagnosis, BackendId, BackendLoader } from './backendChoice'

// An opaque require: the optional native packages must not be resolved at build time.
const load = createRequire(__filename)

async function use(name: string): Promise<void> {
  // Registered backends are listed in the engine's factory table until first initialised.
  if (!(name in tf.engine().registryFactory)) throw new Error(`the package loaded but registered no "${name}" backend with this copy of @tensorflow/tfjs-core (a version mismatch?)`)
  if (!(await tf.setBackend(name))) throw new Error(`tf.setBackend("${name}") refused it`)
  await tf.ready()
}

/** The real loaders, fastest first. */
export const tfjsLoaders: Record<BackendId, BackendLoader> = {
  'tensorflow-gpu': async () => {
    load('@tensorflow/tfjs-node-gpu')
    await use('tensorflow')
    // tfjs-node-gpu quietly runs on the CPU when CUDA finds no device: that is not a GPU backend.
    const binding = (tf.backend() as unknown as { binding?: { isUsingGpuDevice?: () => boolean } }).binding
    if (binding?.isUsingGpuDevice && !binding.isUsingGpuDevice()) throw new Error('libtensorflow loaded but sees no CUDA GPU (driver, CUDA 11.2 or cuDNN 8.1 missing?)')
  },
  'tensorflow-cpu': async () => {
    load('@tensorflow/tfjs-node')
    await use('tensorflow')
  },
  wasm: async () => {
    const wasm = load('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm')
    // The .wasm binaries ship in the package (unpacked from asar in a packaged app).
    wasm.setWasmPaths(`${join(dirname(load.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist')}/`.replace('app.asar', 'app.asar.unpacked'))
    await use('wasm')
  },
  cpu: async () => {
    load('@tensorflow/tfjs-backend-cpu')
    await use('cpu')
  }
}

export async function wasmFeatures(): Promise<BackendDiagnosis['features']> {
  return { simd: Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')), threads: Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) }
}
