import { parseBundle, type Bundle, type ValidBundle } from '../jobs/bundle'
import { mixCanaries } from '../jobs/jobRun'

/** The bundle a node receives for an award, and what the market keeps to check its result. */
export interface NodeBundle {
  text: string
  digest: string
  /** Rows of the node's inputs that are the buyer's canaries (inference, matmul). */
  canaryRows: number[]
  /** Rows the node computes: items plus hidden canaries. */
  rows: number
}

/**
 * The market, not the node, hides the canaries: for inference and matmul they go into random rows
 * of the inputs and the bundle carries none, so the node cannot tell checked rows from paid ones and
 * the accuracy bound is the market's to judge from the returned outputs. Training keeps its
 * held-out canaries (they are evaluated on the trained weights, which only the node has).
 */
export function nodeBundle(valid: ValidBundle, jobId: string, price: Bundle['price'], now: number): NodeBundle {
  const b = valid.bundle
  // Through the node's own parser: the digest is then the one the node will compute and sign.
  const digested = (bundle: unknown) => {
    const p = parseBundle(bundle, now)
    return { text: p.canonical, digest: p.digest }
  }
  if (b.kind === 'train') return { ...digested({ ...b, id: jobId, price }), canaryRows: [], rows: b.payload.steps }
  const itemSize = valid.itemShape.reduce((a, c) => a * c, 1)
  const { mixed, canaryRows } = mixCanaries(valid.decoded.inputs.values, itemSize, b.canaries)
  const rows = mixed.length / itemSize
  const { minAccuracy: _hidden, ...sla } = b.sla
  const inputs = { shape: [rows, ...valid.itemShape], base64: Buffer.from(mixed.buffer, mixed.byteOffset, mixed.byteLength).toString('base64') }
  const bundle = { ...b, id: jobId, price, sla, canaries: [], payload: { ...b.payload, inputs } }
  return { ...digested(bundle), canaryRows, rows }
}
