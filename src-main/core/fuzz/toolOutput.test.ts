// Fuzzing the parsers of vendor tool output (nvidia-smi CSV and XML, rocm-smi JSON): real captures
// mutated (cut short, spliced, garbled) and generated lines. A parser returns checked values or
// fails with its own message; it never throws a stray TypeError or lets NaN or Infinity through.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseComputeApps, parseQueryLine, queryFields } from '../gpu/nvidiaQuery'
import { parseNvidiaSmiXml } from '../gpu/nvidiaSmiXml'
import { parseRocmSmi } from '../gpu/rocmSmi'
import { FUZZ_RUNS } from '../test/soundStore'

const captures = join(__dirname, '../../../e2e/fixtures/captures')
const read = (prefix: string) =>
  readdirSync(captures)
    .filter((f) => f.startsWith(prefix))
    .map((f) => readFileSync(join(captures, f), 'utf8'))

/** A real capture changed the way broken pipes, old drivers and odd locales change it. */
function mutated(samples: string[]) {
  return fc.tuple(fc.constantFrom(...samples), fc.nat(), fc.nat(), fc.string({ maxLength: 40 }), fc.constantFrom('cut', 'splice', 'drop', 'dup')).map(([text, a, b, junk, how]) => {
    const i = a % (text.length + 1)
    const j = Math.min(text.length, i + (b % 400))
    if (how === 'cut') return text.slice(0, i)
    if (how === 'splice') return text.slice(0, i) + junk + text.slice(i)
    if (how === 'drop') return text.slice(0, i) + text.slice(j)
    return text.slice(0, j) + text.slice(i, j) + text.slice(j)
  })
}

/** Every number anywhere in a parsed value is finite (null stands for "not reported"). */
function numbersFinite(v: unknown): boolean {
  if (typeof v === 'number') return Number.isFinite(v)
  if (Array.isArray(v)) return v.every(numbersFinite)
  if (v && typeof v === 'object') return Object.values(v).every(numbersFinite)
  return true
}

/** Calls a parser: its own error (message starting with the tool's name) or a value; anything else fails. */
function outcome<T>(tool: string, parse: () => T): { value: T } | { error: string } {
  try {
    return { value: parse() }
  } catch (err) {
    expect(err).toBeInstanceOf(Error)
    expect((err as Error).constructor).toBe(Error)
    expect((err as Error).message.startsWith(tool)).toBe(true)
    return { error: (err as Error).message }
  }
}

const token = fc.oneof(
  fc.constantFrom('[N/A]', 'N/A', '[Not Supported]', '[Unknown Error]', '45', '45 %', '120.5 W', '-1', '1e309', 'NaN', 'Infinity', '0x0000000000000004', '0xZZ', 'P0', 'P8', 'GPU-8f4a2c1e-0000-1111-2222-333344445555', '', '4 096 MiB'),
  fc.string({ maxLength: 12 })
)

describe('vendor tool output (generated and mutated)', () => {
  it(`nvidia-smi --query-gpu lines: ${FUZZ_RUNS} generated lines, a reading with finite values or a reason`, () => {
    fc.assert(
      fc.property(fc.oneof(fc.array(token, { minLength: queryFields.length, maxLength: queryFields.length }).map((t) => t.join(', ')), fc.string({ maxLength: 200 })), (line) => {
        const r = parseQueryLine(line)
        if (r.ok) expect(numbersFinite(r.reading)).toBe(true)
        else expect(r.reason.length).toBeGreaterThan(0)
      }),
      { numRuns: FUZZ_RUNS }
    )
  })

  it(`nvidia-smi --query-compute-apps: ${FUZZ_RUNS} mutated captures and generated lines, only well-formed processes`, () => {
    const real = read('nvidia-smi-query-compute-apps.')
    const line = fc.array(token, { minLength: 1, maxLength: 6 }).map((t) => t.join(', '))
    fc.assert(
      fc.property(fc.oneof(mutated(real), fc.array(line, { maxLength: 5 }).map((l) => l.join('\n'))), (text) => {
        for (const p of parseComputeApps(text)) {
          expect(p.pid).toBeGreaterThan(0)
          expect(Number.isInteger(p.pid)).toBe(true)
          expect(p.gpu.length).toBeGreaterThan(0)
          expect(numbersFinite(p)).toBe(true)
        }
      }),
      { numRuns: FUZZ_RUNS }
    )
  })

  it(`nvidia-smi -q -x: ${FUZZ_RUNS} mutated real documents, parsed or refused with nvidia-smi's name`, () => {
    const real = read('nvidia-smi-q-x.')
    let parsed = 0
    fc.assert(
      fc.property(fc.oneof(mutated(real), fc.string({ maxLength: 300 })), (xml) => {
        const r = outcome('nvidia-smi', () => parseNvidiaSmiXml(xml))
        if ('value' in r) {
          parsed++
          expect(numbersFinite(r.value)).toBe(true)
          for (const g of r.value) expect(typeof g.name).toBe('string')
        }
      }),
      { numRuns: FUZZ_RUNS }
    )
    expect(parsed).toBeGreaterThan(0)
  })

  it(`rocm-smi --json: ${FUZZ_RUNS} mutated real documents and generated JSON, parsed or refused with rocm-smi's name`, () => {
    const real = read('rocm-smi-json.')
    fc.assert(
      fc.property(fc.oneof(mutated(real), fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)), fc.dictionary(fc.constantFrom('card0', 'card1', 'system', 'cardX'), fc.dictionary(fc.constantFrom('PCI Bus', 'Card Series', 'VRAM Total Memory (B)', 'Temperature (Sensor edge) (C)', 'Average Graphics Package Power (W)', 'GPU use (%)', 'Unique ID'), token)).map((v) => JSON.stringify(v))), (json) => {
        const r = outcome('rocm-smi', () => parseRocmSmi(json))
        if ('value' in r) expect(numbersFinite(r.value)).toBe(true)
      }),
      { numRuns: FUZZ_RUNS }
    )
  })
})
