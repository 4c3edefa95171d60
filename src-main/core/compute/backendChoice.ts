import util from 'node:util'
import type { BackendAttempt, BackendId } from '../../../src-preload/contract'

export type { BackendAttempt, BackendId }

/** Loads a backend package and makes its backend current; throws with the package's own words. */
export type BackendLoader = () => Promise<void>

export interface BackendDiagnosis {
  chosen: BackendId
  /** tfjs's name for the running backend (tensorflow, wasm, cpu). */
  tfjsName: string
  attempts: BackendAttempt[]
  /** wasm only: SIMD and threads in use. */
  features: { simd: boolean | null; threads: boolean | null }
}

const order: BackendId[] = ['tensorflow-gpu', 'tensorflow-cpu', 'wasm', 'cpu']

/** What a failed load means and what the user can do about it. */
export function explain(id: BackendId, err: unknown): { reason: string; fix: string } {
  const text = err instanceof Error ? `${err.message}` : String(err)
  const code = (err as NodeJS.ErrnoException | undefined)?.code
  const pkg = id === 'tensorflow-gpu' ? '@tensorflow/tfjs-node-gpu' : '@tensorflow/tfjs-node'
  if (code === 'MODULE_NOT_FOUND' && text.includes(pkg)) {
    return {
      reason: `${pkg} is not installed (its install downloads libtensorflow, which failed or was skipped)`,
      fix: id === 'tensorflow-gpu' ? `With an NVIDIA GPU: npm install ${pkg} on a machine with network access, plus CUDA 11.2 and cuDNN 8.1.` : `npm install ${pkg} on a machine with network access for native CPU speed.`
    }
  }
  const lib = /(lib[\w.+-]+\.so(?:\.[\d.]+)?)/.exec(text)?.[1]
  if (lib && /cannot open shared object|No such file/i.test(text)) {
    return { reason: `${lib} is missing`, fix: /cud|cublas|cufft|curand|cusolver|cusparse/.test(lib) ? 'Install CUDA 11.2 and cuDNN 8.1 (the versions tfjs-node-gpu 4.x is built for) and put them on LD_LIBRARY_PATH.' : `Install the library that provides ${lib}.` }
  }
  if (/isNullOrUndefined/.test(text)) {
    return { reason: 'tfjs-node 4.x calls util.isNullOrUndefined, which this Node removed', fix: 'Ingot restores it before loading; if this persists, run the node on Node 20 or 22.' }
  }
  return { reason: `failed to load: ${text.split('\n')[0]!.slice(0, 200)}`, fix: 'See the log for the full error.' }
}

/**
 * Tries the backends fastest first and keeps the first that loads, remembering why each faster one
 * was rejected. Loaders are injected: tests exercise the choice without the native packages.
 */
export async function chooseBackend(loaders: Record<BackendId, BackendLoader>, currentName: () => string, features: () => Promise<BackendDiagnosis['features']>): Promise<BackendDiagnosis> {
  // tfjs-node 4.22 calls util.isNullOrUndefined, removed in Node 23 (recent Electron): restore it.
  const u = util as unknown as Record<string, unknown>
  if (typeof u.isNullOrUndefined !== 'function') u.isNullOrUndefined = (v: unknown) => v === null || v === undefined
  // libtensorflow takes all GPU memory unless told to grow.
  process.env.TF_FORCE_GPU_ALLOW_GROWTH ??= 'true'

  const attempts: BackendAttempt[] = []
  for (const id of order) {
    try {
      await loaders[id]()
      attempts.push({ id, ok: true, reason: null, fix: null })
      return { chosen: id, tfjsName: currentName(), attempts, features: id === 'wasm' ? await features() : { simd: null, threads: null } }
    } catch (err) {
      attempts.push({ id, ok: false, ...explain(id, err) })
    }
  }
  throw new Error(`No TensorFlow.js backend could be loaded: ${attempts.map((a) => `${a.id}: ${a.reason}`).join('; ')}`)
}
