import { afterEach, describe, expect, it } from 'vitest'
import { IngotError } from '../errors'
import { canonicalJson } from '../identity/canonicalJson'
import { FUZZ_RUNS, storeSoundness } from '../test/soundStore'
import { tempCore } from '../test/tempCore'
import { LIMITS, parseBundle, strictBase64 } from './bundle'
import { matmulBundle } from './test/bundles'

const now = Date.UTC(2026, 10, 22, 12)
const cores: ReturnType<typeof tempCore>[] = []
afterEach(async () => {
  for (const c of cores.splice(0)) await c.stop()
})

function rejects(raw: unknown, field?: string | RegExp): IngotError {
  let error: unknown
  try {
    parseBundle(raw, now)
  } catch (e) {
    error = e
  }
  expect(error).toBeInstanceOf(IngotError)
  const e = error as IngotError
  expect(e.code).toBe('E_BAD_INPUT')
  if (field) expect(e.field ?? '').toMatch(field)
  return e
}

const f32base64 = (xs: number[]) => Buffer.from(new Float32Array(xs).buffer).toString('base64')
const clone = <T>(v: T): T => structuredClone(v)

describe('job bundle', () => {
  it('reads only strict base64', () => {
    expect(strictBase64('AAAAAA==')).toEqual(Buffer.alloc(4))
    for (const bad of ['AAA*', 'AA AAA==', 'AAAAA', 'A=AA', 'AAAA\n']) expect(strictBase64(bad), bad).toBeNull()
  })

  it('accepts a valid bundle, digests its canonical form, and reads base64 tensors like JSON ones', () => {
    const b = matmulBundle(now)
    const p = parseBundle(b, now)
    expect(p).toMatchObject({ items: 8, itemShape: [16], outputSize: 4 })
    expect(p.digest).toMatch(/^[0-9a-f]{64}$/)
    // Key order does not change the digest; content does.
    const reordered = Object.fromEntries(Object.entries(b).reverse())
    expect(parseBundle(reordered, now).digest).toBe(p.digest)
    const b64 = clone(b)
    b64.payload.inputs = { shape: [8, 16], base64: f32base64(b.payload.inputs.data as number[]) } as never
    const parsed = parseBundle(b64, now)
    expect(parsed.items).toBe(8)
    // Base64 fields are written without a second scan: the text is still exactly the canonical JSON.
    expect(parsed.canonical).toBe(canonicalJson(parsed.bundle))
    // 'base64' keys inside a topology (depth 4 and deeper) are free-form: always escaped.
    const topology = { class_name: 'Sequential', base64: 'x"y', config: { layers: [{ class_name: 'Dense', config: { units: 4, batch_input_shape: [null, 16], base64: 'a"b' } }] } }
    const inference = { ...b64, kind: 'inference', canaries: [], sla: { deadline: now + 1000 }, payload: { model: { format: 'tfjs-layers', modelTopology: topology, weightSpecs: [{ name: 'w', shape: [16, 4], dtype: 'float32' }], weightsBase64: f32base64(new Array(64).fill(0)) }, inputs: b64.payload.inputs } }
    const p2 = parseBundle(inference, now)
    expect(p2.canonical).toBe(canonicalJson(p2.bundle))
    expect(JSON.parse(p2.canonical).payload.model.modelTopology.config.layers[0].config.base64).toBe('a"b')
    expect(JSON.parse(p2.canonical).payload.model.modelTopology.base64).toBe('x"y')
  })

  it('refuses each kind of bad input with the field to blame', () => {
    const b = () => clone(matmulBundle(now))
    rejects({ ...b(), kind: 'mine-bitcoin' }, /^kind$/)
    rejects({ ...b(), price: { currency: 'DEMO', unit: 'per1kItems', microUnits: -5 } }, 'price.microUnits')
    rejects({ ...b(), price: { currency: 'DEMO', unit: 'per1kItems', microUnits: 1.5 } }, 'price.microUnits')
    const noTolerance = b()
    delete (noTolerance.canaries[0] as Partial<(typeof noTolerance.canaries)[0]>).tolerance
    rejects(noTolerance, 'canaries.0.tolerance')
    const nan = b()
    nan.payload.inputs = { shape: [8, 16], base64: f32base64([...(nan.payload.inputs.data as number[]).slice(1), NaN]) } as never
    expect(rejects(nan, 'payload.inputs').message).toMatch(/NaN or infinite value at index 127/)
    const inf = b()
    ;(inf.payload.weights.data as number[])[3] = Infinity
    rejects(inf, 'payload.weights.data.3')
    const shape = b()
    shape.payload.inputs.shape = [9, 16]
    expect(rejects(shape, 'payload.inputs').message).toMatch(/128 values but its shape \[9,16\] needs 144/)
    const inner = b()
    inner.payload.weights = { shape: [8, 8], data: new Array(64).fill(0) }
    expect(rejects(inner, 'payload.inputs.shape').message).toMatch(/inner sizes differ/)
    const canaryShape = b()
    canaryShape.canaries[1]!.expected = [1, 2]
    rejects(canaryShape, 'canaries.1.expected')
    rejects({ ...b(), sla: { deadline: now - 1 } }, 'sla.deadline')
    rejects({ ...b(), sla: { deadline: now + LIMITS.deadlineAheadMs + 1 } }, 'sla.deadline')
    rejects({ ...b(), canaries: [], sla: { deadline: now + 1000, minAccuracy: 0.9 } }, 'canaries')
    rejects({ ...b(), extra: true })
    const huge = b()
    huge.payload.inputs = { shape: [LIMITS.items + 1, 16], data: [] }
    rejects(huge, /payload.inputs/)
    rejects({ ...b(), payload: { ...b().payload, inputs: { shape: [8, 16], base64: '!!not base64!!' } } }, 'payload.inputs.base64')
  })

  it('refuses inference models that do not parse or do not match their weights', () => {
    const base = clone(matmulBundle(now))
    const model = { format: 'tfjs-layers', modelTopology: { class_name: 'Sequential', config: { layers: [{ class_name: 'Dense', config: { units: 4, batch_input_shape: [null, 16] } }] } }, weightSpecs: [{ name: 'w', shape: [16, 4], dtype: 'float32' }], weightsBase64: f32base64(new Array(64).fill(0)) }
    const inference = (m: unknown) => ({ ...base, kind: 'inference', canaries: [], sla: { deadline: now + 1000 }, payload: { model: m, inputs: base.payload.inputs } })
    expect(parseBundle(inference(model), now).items).toBe(8)
    expect(rejects(inference({ ...model, modelTopology: { class_name: 'Sequential', config: { layers: [{ class_name: 'Lambda', config: {} }] } } }), 'payload.model.modelTopology').message).toMatch(/Lambda, which jobs may not use/)
    rejects(inference({ ...model, modelTopology: { nonsense: true } }), 'payload.model.modelTopology')
    const noShape = { class_name: 'Sequential', config: { layers: [{ class_name: 'Dense', config: { units: 4 } }] } }
    expect(rejects(inference({ ...model, modelTopology: noShape }), 'payload.model.modelTopology').message).toMatch(/must declare its input shape/)
    const other = { class_name: 'Sequential', config: { layers: [{ class_name: 'Dense', config: { units: 4, batch_input_shape: [null, 15] } }] } }
    expect(rejects(inference({ ...model, modelTopology: other }), 'payload.inputs.shape').message).toMatch(/takes items shaped \[15\] but payload.inputs has items shaped \[16\]/)
    rejects(inference({ ...model, weightsBase64: f32base64([1, 2, 3]) }), 'payload.model.weightsBase64')
    rejects(inference({ ...model, format: 'onnx' }), 'payload.model.format')
    rejects(inference('model.json'), 'payload.model')
    // A price whose most possible pay would not fit in a safe integer: refused, not rounded.
    const train = { ...base, kind: 'train', canaries: [], sla: { deadline: now + 1000 }, price: { currency: 'DEMO', unit: 'per1kItems', microUnits: 1e12 }, payload: { model, x: base.payload.inputs, y: { shape: [8, 4], data: new Array(32).fill(0) }, steps: 10_000, batchSize: 4096, learningRate: 0.1, loss: 'meanSquaredError' } }
    expect(rejects(train, 'price.microUnits').message).toMatch(/too large to pay exactly/)
    expect(parseBundle({ ...train, price: { ...train.price, microUnits: 1e9 } }, now).items).toBe(8)
  })
})

/** Every leaf of a value with its path. */
function leaves(v: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(v)) return v.length ? v.flatMap((x, i) => leaves(x, [...path, i])) : [path]
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => leaves(x, [...path, k]))
  return [path]
}

function setAt(root: Record<string, unknown>, path: (string | number)[], value: unknown): void {
  let o = root as Record<string | number, unknown>
  for (const p of path.slice(0, -1)) o = o[p] as Record<string | number, unknown>
  o[path.at(-1)!] = value
}

describe('generated malformed bundles', () => {
  it(`rejects ${FUZZ_RUNS + 40} malformed bundles through the API with E_BAD_INPUT, writes nothing, and keeps serving`, async () => {
    const core = tempCore()
    cores.push(core)
    const base = matmulBundle(Date.now(), { n: 2, k: 3, m: 2, canaries: 1 })
    // Control: the unmutated bundle is accepted, so the rejections below are the mutations' doing.
    const ok = await core.dispatch('jobs.submit', [clone(base)])
    expect(ok.ok).toBe(true)
    await core.dispatch('jobs.cancel', [(ok as { value: { id: string } }).value.id])

    let seed = 12345
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n)
    const garbage = [NaN, Infinity, -Infinity, 'x', '', null, {}, [], ['a'], true, { $: 1 }]
    const paths = leaves(base).filter((p) => p.length > 0)
    const required = ['version', 'id', 'kind', 'sla', 'price', 'payload']
    const cases: unknown[] = []
    for (let i = 0; i < FUZZ_RUNS; i++) {
      const b = clone(base) as Record<string, unknown>
      setAt(b, paths[rand(paths.length)]!, garbage[rand(garbage.length)])
      if (i % 3 === 0) setAt(b, paths[rand(paths.length)]!, garbage[rand(garbage.length)])
      cases.push(b)
    }
    for (const key of required) {
      const b = clone(base) as Record<string, unknown>
      delete b[key]
      cases.push(b)
    }
    cases.push(null, 42, 'job', [], {}, { ...clone(base), version: 2 }, { ...clone(base), payload: { ...base.payload, inputs: { shape: [2, 3], data: [1, 2, 3] } } })
    while (cases.length < FUZZ_RUNS + 40) cases.push({ ...clone(base), id: `not-a-uuid-${cases.length}` })

    for (const raw of cases) {
      const r = await core.dispatch('jobs.submit', [raw])
      expect(r.ok, JSON.stringify(raw)?.slice(0, 300)).toBe(false)
      if (!r.ok) {
        expect(r.error.code).toBe('E_BAD_INPUT')
        expect(r.error.message.length).toBeGreaterThan(10)
      }
    }
    const jobs = await core.api['jobs.list']({})
    expect(jobs.map((j) => j.state)).toEqual(['cancelled'])
    expect(await core.api['ledger.entries']({})).toEqual([])
    expect((await core.dispatch('app.info', [])).ok).toBe(true)
    expect(await storeSoundness(core)).toMatchObject({ integrity: 'ok', ledger: { ok: true, value: { ok: true } } })
  })
})
