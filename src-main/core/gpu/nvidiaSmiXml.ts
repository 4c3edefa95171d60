import { XMLParser } from 'fast-xml-parser'
import { z } from 'zod'
import type { GpuInfo } from '../../../src-preload/contract'

type Node = Record<string, unknown> | string | undefined

const parser = new XMLParser({ ignoreAttributes: false, parseTagValue: false, isArray: (name, path) => path === 'nvidia_smi_log.gpu' })

const child = (node: Node, ...path: string[]): Node => {
  let n: Node = node
  for (const key of path) n = n && typeof n === 'object' ? (n[key] as Node) : undefined
  return n
}
/** A reading's text, or null for N/A, "Not Supported", "Requested functionality has been deprecated", … */
const text = (node: Node): string | null => {
  if (typeof node !== 'string') return null
  const t = node.trim()
  return t === '' || /^(N\/A|\[?Not Supported\]?|\[?Unknown Error\]?|Unknown|Requested functionality has been deprecated)$/i.test(t) ? null : t
}
/** "175.00 W", "35 %", "14 C", "24576 MiB" → the number. */
const num = (node: Node): number | null => {
  const m = /^(-?\d+(?:\.\d+)?)/.exec(text(node) ?? '')
  return m ? Number(m[1]) : null
}
const sum = (values: (number | null)[]): number | null => (values.some((v) => v !== null) ? values.reduce<number>((a, v) => a + (v ?? 0), 0) : null)

/** Uncorrected ECC errors, across the layouts of different drivers (sram/dram, or double_bit totals). */
const uncorrected = (errors: Node): number | null =>
  sum([num(child(errors, 'sram_uncorrectable')), num(child(errors, 'dram_uncorrectable')), num(child(errors, 'double_bit', 'total'))])

const gpuSchema = z.object({
  name: z.string().min(1),
  uuid: z.string().regex(/^GPU-[0-9a-fA-F-]+$/),
  busId: z.string().nullable(),
  vramMiB: z.number().min(0).nullable()
})

export type NvidiaXmlGpu = Omit<GpuInfo, 'key' | 'index' | 'live' | 'sources' | 'computeCapability'>

/** `nvidia-smi -q -x`: one entry per GPU; throws when the text is not such a document. */
export function parseNvidiaSmiXml(xml: string): NvidiaXmlGpu[] {
  let doc: Node
  try {
    doc = parser.parse(xml) as Node
  } catch (err) {
    throw new Error(`nvidia-smi -q -x printed no valid XML: ${(err as Error).message}`, { cause: err })
  }
  const log = child(doc, 'nvidia_smi_log')
  if (!log || typeof log !== 'object') throw new Error('nvidia-smi -q -x printed no <nvidia_smi_log> document')
  // A document cut short (a killed or hung nvidia-smi) can leave <gpu> as bare text: refuse it, never half-read it.
  if (log.gpu !== undefined && !Array.isArray(log.gpu)) throw new Error('nvidia-smi -q -x printed an incomplete document')
  const gpus = (log.gpu as Node[] | undefined) ?? []
  return gpus.map((gpu) => {
    // Drivers ≥ 530 call it gpu_power_readings and current_power_limit; older ones power_readings.
    const power = child(gpu, 'gpu_power_readings') ?? child(gpu, 'power_readings')
    const temps = child(gpu, 'temperature')
    const info: NvidiaXmlGpu = {
      name: text(child(gpu, 'product_name')) ?? 'NVIDIA GPU',
      vendor: 'NVIDIA',
      uuid: text(child(gpu, 'uuid')),
      busId: text(child(gpu, 'pci', 'pci_bus_id')) ?? text(child(gpu, '@_id')),
      driverVersion: text(child(log, 'driver_version')),
      cudaVersion: text(child(log, 'cuda_version')),
      architecture: text(child(gpu, 'product_architecture')),
      vramMiB: num(child(gpu, 'fb_memory_usage', 'total')),
      powerLimitW: {
        default: num(child(power, 'default_power_limit')),
        min: num(child(power, 'min_power_limit')),
        max: num(child(power, 'max_power_limit')),
        enforced: num(child(power, 'enforced_power_limit')) ?? num(child(power, 'current_power_limit')) ?? num(child(power, 'power_limit'))
      },
      maxClocksMHz: {
        graphics: num(child(gpu, 'max_clocks', 'graphics_clock')),
        sm: num(child(gpu, 'max_clocks', 'sm_clock')),
        memory: num(child(gpu, 'max_clocks', 'mem_clock'))
      },
      temperatureLimitsC: {
        slowdown: num(child(temps, 'gpu_temp_slow_threshold')),
        shutdown: num(child(temps, 'gpu_temp_max_threshold')),
        target: num(child(temps, 'gpu_target_temperature'))
      },
      eccMode: text(child(gpu, 'ecc_mode', 'current_ecc')),
      eccErrors: {
        volatileUncorrected: uncorrected(child(gpu, 'ecc_errors', 'volatile')),
        aggregateUncorrected: uncorrected(child(gpu, 'ecc_errors', 'aggregate'))
      },
      migMode: text(child(gpu, 'mig_mode', 'current_mig'))
    }
    const checked = gpuSchema.safeParse(info)
    if (!checked.success) throw new Error(`nvidia-smi -q -x: unexpected GPU entry (${checked.error.issues[0]?.path.join('.')}: ${checked.error.issues[0]?.message})`)
    return info
  })
}
