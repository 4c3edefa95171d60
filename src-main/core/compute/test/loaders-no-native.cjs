// STAND-IN loaders for the compute runner (INGOT_BACKEND_LOADERS), exercising backend selection:
// the native backends fail the way they fail on real machines; cpu loads the real tfjs cpu backend.
const tf = require('@tensorflow/tfjs-core')

const missing = (name) => Object.assign(new Error(`Cannot find module '${name}'\nRequire stack:\n- runner.js`), { code: 'MODULE_NOT_FOUND' })

exports.loaders = {
  'tensorflow-gpu': async () => {
    throw new Error('libcudart.so.11.0: cannot open shared object file: No such file or directory')
  },
  'tensorflow-cpu': async () => {
    throw missing('@tensorflow/tfjs-node')
  },
  wasm: async () => {
    throw new Error('WebAssembly.instantiate(): out of memory')
  },
  cpu: async () => {
    require('@tensorflow/tfjs-backend-cpu')
    await tf.setBackend('cpu')
    await tf.ready()
  }
}
