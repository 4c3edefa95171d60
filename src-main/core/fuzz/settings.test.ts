// Fuzzing Settings, the boundary every page and the CLI write through: generated patches of real
// keys with values near and far from valid. A patch lands whole or not at all, and survives a restart.
import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import type { Settings } from '../../../src-preload/contract'
import { settingsKeys, settingsSchema } from '../settings/schema'
import { FUZZ_RUNS, storeSoundness, watchUnhandled } from '../test/soundStore'
import { tempCore, tempDirs } from '../test/tempCore'

const { fresh, removeAll } = tempDirs()
afterEach(removeAll)

const value = fc.oneof(
  fc.integer({ min: -100, max: 100_000 }),
  fc.constantFrom(0, 1, 50, 83, 250, 1024, 65535, 65536, 1e12, 1e13, -1, 0.5, Number.MAX_SAFE_INTEGER),
  fc.double({ noNaN: false }),
  fc.boolean(),
  fc.constantFrom('USD', 'EUR', 'usd', 'system', 'dark', 'light', 'neon', 'embedded', 'coordinator', 'off', 'ws://10.0.0.2:7070', 'wss://m.example/x', 'http://x', 'any', 'eu', 'us-east', 'EU', 'fixed', 'adaptive', 'stable', 'beta', '0'.repeat(24), '1'.repeat(24), '1'.repeat(168), '0'.repeat(168), ''),
  fc.string({ maxLength: 30 }),
  fc.array(fc.constantFrom('steam.exe', 'blender', '', 'a/b', 'x'.repeat(300), 'GPU-1234'), { maxLength: 4 }),
  fc.constant(null)
)
// Mostly one key at a time (as the pages save), so valid patches are common enough to test landing too.
const patch = fc.oneof({ arbitrary: fc.dictionary(fc.constantFrom(...settingsKeys), value, { minKeys: 1, maxKeys: 1 }), weight: 3 }, fc.dictionary(fc.constantFrom(...settingsKeys), value, { minKeys: 2, maxKeys: 4 })) as fc.Arbitrary<Partial<Record<keyof Settings, unknown>>>

const asStored = (v: unknown): unknown => JSON.parse(JSON.stringify(v))

describe('settings (generated patches)', () => {
  it(`applies ${FUZZ_RUNS} generated patches whole or not at all, keeps every stored value valid, and survives a restart`, async () => {
    const dir = fresh()
    let core = tempCore({ dir })
    await core.start()
    const unhandled = watchUnhandled()
    let applied = 0
    let refused = 0
    await fc.assert(
      fc.asyncProperty(patch, async (p) => {
        const before = ((await core.dispatch('settings.get', [])) as { value: Settings }).value
        const r = await core.dispatch('settings.update', [p])
        const after = ((await core.dispatch('settings.get', [])) as { value: Settings }).value
        expect(settingsSchema.safeParse(after).success).toBe(true)
        if (r.ok) {
          applied++
          // Compared as stored (JSON): a -0 in the patch is 0 once written, and 0 is what it means.
          expect(asStored(after)).toEqual(asStored({ ...before, ...p }))
        } else {
          refused++
          expect(r.error.code).toBe('E_BAD_INPUT')
          // The field to blame is a real setting (a cross-field rule may name one the patch did not,
          // e.g. coordinator mode without an address), and nothing of the patch landed.
          if (r.error.field !== undefined) expect(settingsKeys).toContain(r.error.field.split('.')[0])
          expect(after).toEqual(before)
        }
      }),
      { numRuns: FUZZ_RUNS }
    )
    unhandled.stop()
    expect(unhandled.seen).toEqual([])
    // Both kinds really happened: the generator reaches valid patches too.
    expect(applied).toBeGreaterThan(10)
    expect(refused).toBeGreaterThan(10)
    const last = ((await core.dispatch('settings.get', [])) as { value: Settings }).value
    expect(await storeSoundness(core)).toMatchObject({ integrity: 'ok', ledger: { ok: true, value: { ok: true } } })
    await core.stop()
    core = tempCore({ dir })
    expect(asStored(((await core.dispatch('settings.get', [])) as { value: Settings }).value)).toEqual(asStored(last))
    await core.stop()
  }, 120_000)
})
