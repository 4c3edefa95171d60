import { z } from 'zod'
import { bundleSchema, type Bundle, type Decoded } from './bundle'

/**
 * How a queued job's bundle is stored: its JSON with the base64 fields emptied, and their bytes —
 * already decoded by validation — side by side in one blob. A quarter smaller than the base64 text,
 * and nothing is encoded or escaped on the way in. Read back only when a job runs after a restart
 * (or was not kept in memory), where the base64 is rebuilt and the bundle checked again.
 */
export interface PackedBundle {
  skeleton: string
  data: Buffer
}

const partSchema = z.object({ path: z.array(z.string()).min(1).max(4), offset: z.number().int().min(0), length: z.number().int().min(0) })
const skeletonSchema = z.object({ packed: z.literal(2), bundle: z.record(z.string(), z.unknown()), parts: z.array(partSchema).max(8) })

type Holder = Record<string, unknown>
const bytesOf = (a: Float32Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength)

/** Fields of a bundle that may hold base64, with the decoded bytes validation made of each. */
function binaryFields(bundle: Bundle, decoded: Decoded): { path: string[]; bytes: Buffer | undefined }[] {
  const model = (key: string) => ({ path: ['payload', key, 'weightsBase64'], bytes: decoded.modelWeights && Buffer.from(decoded.modelWeights.buffer, decoded.modelWeights.byteOffset, decoded.modelWeights.byteLength) })
  const tensor = (key: string, t: Float32Array | undefined) => ({ path: ['payload', key, 'base64'], bytes: t && bytesOf(t) })
  if (bundle.kind === 'matmul') return [tensor('inputs', decoded.inputs.values), tensor('weights', decoded.weights?.values)]
  if (bundle.kind === 'inference') return [tensor('inputs', decoded.inputs.values), model('model')]
  return [tensor('x', decoded.inputs.values), tensor('y', decoded.y?.values), model('model')]
}

function holderOf(root: Holder, path: string[]): Holder | null {
  let at: unknown = root
  for (const key of path.slice(0, -1)) at = typeof at === 'object' && at !== null ? (at as Holder)[key] : undefined
  return typeof at === 'object' && at !== null ? (at as Holder) : null
}

/** A validated bundle and its decoded data, packed for storage. */
export function packBundle(bundle: Bundle, decoded: Decoded): PackedBundle {
  // A copy deep enough to empty the binary fields without touching the caller's bundle.
  const copy = { ...bundle, payload: Object.fromEntries(Object.entries(bundle.payload).map(([k, v]) => [k, typeof v === 'object' && v !== null && !Array.isArray(v) ? { ...v } : v])) } as unknown as Holder
  const parts: z.infer<typeof partSchema>[] = []
  const chunks: Buffer[] = []
  let offset = 0
  for (const { path, bytes } of binaryFields(bundle, decoded)) {
    const holder = holderOf(copy, path)
    const key = path.at(-1)!
    if (!holder || typeof holder[key] !== 'string' || !bytes) continue
    holder[key] = ''
    parts.push({ path, offset, length: bytes.length })
    chunks.push(bytes)
    offset += bytes.length
  }
  return { skeleton: JSON.stringify({ packed: 2, bundle: copy, parts }), data: Buffer.concat(chunks, offset) }
}

/** The stored bundle, as it was submitted (checked again: stored data is input too). Older rows hold the bundle's JSON alone. */
export function unpackBundle(skeleton: string, data: Buffer | null): Bundle {
  if (data === null) return bundleSchema.parse(JSON.parse(skeleton))
  const packed = skeletonSchema.parse(JSON.parse(skeleton))
  for (const part of packed.parts) {
    const holder = holderOf(packed.bundle, part.path)
    if (!holder || part.offset + part.length > data.length) throw new Error(`stored bundle part ${part.path.join('.')} is missing`)
    holder[part.path.at(-1)!] = data.subarray(part.offset, part.offset + part.length).toString('base64')
  }
  return bundleSchema.parse(packed.bundle)
}
