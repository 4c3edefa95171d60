import { z } from 'zod'
import type { MetricName } from '../../../src-preload/contract'

export interface QueryField {
  field: string
  metric?: MetricName
  role?: 'uuid' | 'throttle'
  /** Other names drivers know it by, tried in turn when one is refused. */
  alternatives?: string[]
}

/** The --query-gpu fields Ingot samples, in order, with the metric each one fills. */
export const queryFields: readonly QueryField[] = [
  { field: 'uuid', role: 'uuid' },
  { field: 'utilization.gpu', metric: 'utilGpu' },
  { field: 'utilization.memory', metric: 'utilMem' },
  { field: 'memory.used', metric: 'memUsedMiB' },
  { field: 'memory.total', metric: 'memTotalMiB' },
  { field: 'temperature.gpu', metric: 'tempC' },
  { field: 'power.draw', metric: 'powerW' },
  { field: 'power.limit', metric: 'powerLimitW' },
  { field: 'fan.speed', metric: 'fanPct' },
  { field: 'clocks.sm', metric: 'smClockMHz' },
  { field: 'clocks.mem', metric: 'memClockMHz' },
  { field: 'pstate', metric: 'pstate' },
  // Renamed clocks_event_reasons in drivers ≥ 535 (the old name is still accepted by many).
  { field: 'clocks_throttle_reasons.active', role: 'throttle', alternatives: ['clocks_event_reasons.active'] }
]

/** NVML clock throttle (event) reason bits, as nvidia-smi prints them in hex. */
const throttleBits: [number, string][] = [
  [0x1, 'gpu_idle'],
  [0x2, 'applications_clocks_setting'],
  [0x4, 'sw_power_cap'],
  [0x8, 'hw_slowdown'],
  [0x10, 'sync_boost'],
  [0x20, 'sw_thermal_slowdown'],
  [0x40, 'hw_thermal_slowdown'],
  [0x80, 'hw_power_brake_slowdown'],
  [0x100, 'display_clock_setting']
]

export function throttleNames(mask: bigint): string[] {
  return throttleBits.filter(([bit]) => (mask & BigInt(bit)) !== 0n).map(([, name]) => name)
}

/** "[N/A]", "[Not Supported]", "[Unknown Error]", "N/A" and friends: not reported. */
const notReported = (v: string) => /^\[.*\]$/.test(v) || v === 'N/A' || v === ''

const num = (lo: number, hi: number) => z.number().min(lo).max(hi).nullable()
const readingSchema = z.object({
  uuid: z.string().regex(/^(GPU|MIG)-[0-9a-fA-F-]+$/, 'not a GPU UUID'),
  values: z
    .object({
      utilGpu: num(0, 100),
      utilMem: num(0, 100),
      memUsedMiB: num(0, 1e8),
      memTotalMiB: num(0, 1e8),
      tempC: num(-50, 200),
      powerW: num(0, 1e5),
      powerLimitW: num(0, 1e5),
      fanPct: num(0, 100),
      smClockMHz: num(0, 1e5),
      memClockMHz: num(0, 1e6),
      pstate: num(0, 15)
    })
    .partial(),
  throttle: z.array(z.string()).nullable()
})

export type NvidiaReading = z.infer<typeof readingSchema>
export type ParseResult = { ok: true; reading: NvidiaReading } | { ok: false; reason: string }

function parseNumber(raw: string, metric: MetricName): number | null | undefined {
  if (notReported(raw)) return null
  if (metric === 'pstate') {
    const m = /^P(\d{1,2})$/.exec(raw)
    return m ? Number(m[1]) : undefined
  }
  // nounits is asked for, but a value with its unit ("45 %", "120.5 W") still parses.
  const m = /^(-?\d+(?:\.\d+)?)(?:\s*[A-Za-z%]+)?$/.exec(raw)
  return m ? Number(m[1]) : undefined
}

/** One CSV line of `nvidia-smi --query-gpu=<fields> --format=csv,noheader,nounits`. */
export function parseQueryLine(line: string, fields: readonly QueryField[] = queryFields): ParseResult {
  const parts = line.split(',').map((p) => p.trim())
  if (parts.length !== fields.length) return { ok: false, reason: `expected ${fields.length} values, got ${parts.length}` }
  const values: Partial<Record<MetricName, number | null>> = {}
  let uuid = ''
  let throttle: string[] | null = null
  for (let i = 0; i < fields.length; i++) {
    const { field, metric, role } = fields[i]!
    const raw = parts[i]!
    if (role === 'uuid') uuid = raw
    else if (role === 'throttle') {
      if (notReported(raw)) throttle = null
      else if (/^0x[0-9a-fA-F]+$/.test(raw)) throttle = throttleNames(BigInt(raw))
      else return { ok: false, reason: `${field}: "${raw}" is not a hex mask` }
    } else if (metric) {
      const v = parseNumber(raw, metric)
      if (v === undefined) return { ok: false, reason: `${field}: "${raw}" is not a number` }
      values[metric] = v
    }
  }
  const parsed = readingSchema.safeParse({ uuid, values, throttle })
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    return { ok: false, reason: `${issue.path.join('.')}: ${issue.message}` }
  }
  return { ok: true, reading: parsed.data }
}

/** nvidia-smi's answer to a field this driver does not know: `Field "x" is not a valid field to query.` */
export function unknownField(text: string): string | null {
  return /Field "([^"]+)" is not a valid field to query/.exec(text)?.[1] ?? null
}

export const computeAppsFields = 'gpu_uuid,pid,process_name,used_memory'

const processSchema = z.object({ gpu: z.string().min(1), pid: z.number().int().positive(), name: z.string(), usedMiB: z.number().min(0).nullable() })

/** `nvidia-smi --query-compute-apps=gpu_uuid,pid,process_name,used_memory --format=csv,noheader,nounits`. */
export function parseComputeApps(text: string): z.infer<typeof processSchema>[] {
  const out: z.infer<typeof processSchema>[] = []
  for (const line of text.split('\n')) {
    if (!line.trim() || /No running processes found/i.test(line)) continue
    const parts = line.split(',').map((p) => p.trim())
    if (parts.length < 4) continue
    // A process name may itself contain commas: everything between pid and the last field.
    const [gpu, pid] = parts
    const used = parts.at(-1)!
    const name = parts.slice(2, -1).join(', ')
    const parsed = processSchema.safeParse({ gpu, pid: Number(pid), name, usedMiB: notReported(used) ? null : Number(used.replace(/\s*MiB$/, '')) })
    if (parsed.success) out.push(parsed.data)
  }
  return out
}
