import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { FUZZ_RUNS } from '../test/soundStore'
import { canonicalDigest, canonicalJson, canonicalLength, sha256Hex } from './canonicalJson'

const verbatim = { keys: new Set(['base64']), depth: 3 }
// JSON values, with base64 strings where verbatim fields may sit, long ones included (they skip the gathering of small pieces).
const base64 = fc.uint8Array({ maxLength: 70_000 }).map((b) => Buffer.from(b).toString('base64'))
const tensorish = fc.record({ shape: fc.array(fc.integer({ min: 1, max: 9 }), { maxLength: 3 }), base64 })
const value = fc.oneof(fc.jsonValue(), fc.record({ payload: fc.record({ inputs: tensorish, note: fc.jsonValue() }), id: fc.string() }))

describe('canonical JSON digest without the text', () => {
  it('hashes and measures exactly the text canonicalJson builds', () => {
    fc.assert(
      fc.property(value, (v) => {
        const text = canonicalJson(v, { verbatim })
        expect(canonicalDigest(v, { verbatim })).toEqual({ digest: sha256Hex(text), length: text.length })
        expect(canonicalLength(v, { verbatim })).toBe(text.length)
      }),
      { numRuns: FUZZ_RUNS }
    )
  })

  it('refuses what canonicalJson refuses', () => {
    for (const bad of [{ a: Number.NaN }, [1, Infinity], { f: () => 1 }]) {
      expect(() => canonicalJson(bad)).toThrow(TypeError)
      expect(() => canonicalDigest(bad)).toThrow(TypeError)
    }
  })

  it('hashes non-ASCII text as UTF-8, as the text would be', () => {
    const v = { name: 'Grüße — 模型 🚀', n: [1, 2] }
    expect(canonicalDigest(v).digest).toBe(sha256Hex(Buffer.from(canonicalJson(v), 'utf8')))
  })
})
