// STAND-IN loaders for the compute runner (INGOT_BACKEND_LOADERS): a backend that loads and is fast
// but computes wrong results: the real cpu backend with its BatchMatMul kernel replaced by one that
// answers zeros. The suite must refuse to report it.
const tf = require('@tensorflow/tfjs-core')

const skip = async () => {
  throw Object.assign(new Error("Cannot find module 'native'"), { code: 'MODULE_NOT_FOUND' })
}

exports.loaders = {
  'tensorflow-gpu': skip,
  'tensorflow-cpu': skip,
  wasm: skip,
  cpu: async () => {
    require('@tensorflow/tfjs-backend-cpu')
    tf.unregisterKernel('BatchMatMul', 'cpu')
    tf.registerKernel({
      kernelName: 'BatchMatMul',
      backendName: 'cpu',
      kernelFunc: ({ inputs, backend }) => {
        const { a, b } = inputs
        const shape = [a.shape[0], a.shape[1], b.shape[2]]
        return backend.makeTensorInfo(shape, 'float32', new Float32Array(shape[0] * shape[1] * shape[2]))
      }
    })
    await tf.setBackend('cpu')
    await tf.ready()
  }
}
