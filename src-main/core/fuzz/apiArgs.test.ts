// Fuzzing the API boundary every transport shares (headless HTTP and Electron IPC both end in
// core.dispatch): generated arguments for every method, shaped like the real ones and not.
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ErrorCode } from '../../../src-preload/contract'
import { methodNames } from '../../../src-preload/methods'
import { settingsKeys } from '../settings/schema'
import { FUZZ_RUNS, storeSoundness, watchUnhandled } from '../test/soundStore'
import { tempCore } from '../test/tempCore'

let core: ReturnType<typeof tempCore>
beforeAll(async () => {
  core = tempCore()
  await core.start()
})
afterAll(() => core.stop())

/** Values that break schemas in the ways callers do: wrong types, edge numbers, long and odd strings. */
const nasty = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(-1, 0, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 0.5, '', 'NaN', '__proto__', 'constructor', '../../etc/passwd', '\u0000', 'x'.repeat(5000), null, true, [], {}),
  fc.string({ maxLength: 50 }),
  fc.uuid()
)
/** Objects with the fields callers really send (settings keys, query fields) holding nasty values. */
const knownKeys = [...settingsKeys, 'limit', 'from', 'to', 'device', 'metric', 'state', 'kind', 'source', 'mode', 'forMinutes', 'untilTomorrow', 'beforeSeq', 'floorMicroPerGpuHour', '__proto__']
const shaped = fc.dictionary(fc.constantFrom(...knownKeys), nasty, { maxKeys: 4 })
const args = fc.oneof(fc.array(fc.oneof(nasty, shaped), { maxLength: 3 }), nasty)
// Codes a caller may get back; E_INTERNAL would mean a handler threw something unplanned.
const expected: ErrorCode[] = ['E_BAD_INPUT', 'E_BAD_JSON', 'E_NOT_FOUND', 'E_BUSY', 'E_UNKNOWN_METHOD', 'E_TOO_LARGE', 'E_FORBIDDEN']
// gpu.rescan and bench.run start real hardware scans and benchmarks: called in their own cases below, not 500 times.
const fuzzed = methodNames.filter((m) => m !== 'gpu.rescan' && m !== 'bench.run' && m !== 'app.update')

describe('API arguments (every method, generated)', () => {
  it(`answers ${FUZZ_RUNS} generated calls with an envelope, never an internal error, and keeps the store sound`, async () => {
    const unhandled = watchUnhandled()
    let refused = 0
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...fuzzed, 'no.such', '__proto__', 'constructor', 'toString'), args, async (method, a) => {
        const r = await core.dispatch(method, a)
        expect(typeof r.ok).toBe('boolean')
        if (!r.ok) {
          refused++
          expect(expected).toContain(r.error.code)
          expect(r.error.message.length).toBeGreaterThan(5)
        }
      }),
      { numRuns: FUZZ_RUNS }
    )
    unhandled.stop()
    expect(unhandled.seen).toEqual([])
    // Most generated calls are refused; the node still answers a normal one afterwards.
    expect(refused).toBeGreaterThan(FUZZ_RUNS / 2)
    expect(await core.dispatch('node.status', [])).toMatchObject({ ok: true })
    expect(await storeSoundness(core)).toEqual({ integrity: 'ok', ledger: { ok: true, value: expect.objectContaining({ ok: true, firstBad: null }) } })
  }, 120_000)

  it('refuses generated arguments to the methods that start hardware work, without starting it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('bench.run', 'gpu.rescan', 'app.update'), fc.array(fc.oneof(shaped, fc.string(), fc.integer()), { minLength: 1, maxLength: 3 }), async (method, a) => {
        const r = await core.dispatch(method, method === 'bench.run' ? [{ mode: 'turbo', ...(a[0] as object) }, ...a] : a)
        expect(r).toMatchObject({ ok: false, error: { code: 'E_BAD_INPUT' } })
      }),
      { numRuns: 100 }
    )
  })
})
