import { z } from 'zod'
import type { DeviceSample, GpuInfo, MetricName } from '../../../src-preload/contract'

/** Inventory and live readings both come from one rocm-smi call with these flags. */
export const rocmSmiArgs = ['--showproductname', '--showbus', '--showmeminfo', 'vram', '--showuse', '--showmemuse', '--showtemp', '--showpower', '--showmaxpower', '--showfan', '--showclocks', '--showdriverversion', '--json']

const docSchema = z.record(z.string(), z.record(z.string(), z.unknown()))

type Card = Record<string, unknown>

/** rocm-smi writes every value as a string: "45.0", "(1402Mhz)", "N/A". */
function num(card: Card, ...keys: string[]): number | null {
  for (const key of keys) {
    const v = card[key]
    if (typeof v !== 'string') continue
    const m = /(-?\d+(?:\.\d+)?)/.exec(v)
    if (m && !/^N\/A$/i.test(v.trim())) return Number(m[1])
  }
  return null
}
function str(card: Card, ...keys: string[]): string | null {
  for (const key of keys) {
    const v = card[key]
    if (typeof v === 'string' && v.trim() && !/^N\/A$/i.test(v.trim())) return v.trim()
  }
  return null
}
const mib = (bytes: number | null) => (bytes === null ? null : Math.round(bytes / (1024 * 1024)))

export interface RocmCard {
  info: Omit<GpuInfo, 'index'>
  values: Partial<Record<MetricName, number | null>>
}

/** `rocm-smi … --json`: one entry per cardN; key names differ across ROCm versions, so each has its aliases. */
export function parseRocmSmi(json: string): RocmCard[] {
  let raw: unknown
  try {
    raw = JSON.parse(json)
  } catch {
    throw new Error('rocm-smi printed no valid JSON')
  }
  const doc = docSchema.safeParse(raw)
  if (!doc.success) throw new Error('rocm-smi JSON has an unexpected shape')
  const driver = str(doc.data.system ?? {}, 'Driver version')
  return Object.entries(doc.data)
    .filter(([name]) => /^card\d+$/.test(name))
    .sort(([a], [b]) => Number(a.slice(4)) - Number(b.slice(4)))
    .map(([name, card]) => {
      const busId = str(card, 'PCI Bus')
      const vram = mib(num(card, 'VRAM Total Memory (B)'))
      return {
        info: {
          key: busId ? `pci:${busId}` : `amd:${name}`,
          name: str(card, 'Card Series', 'Card series', 'Device Name', 'Card SKU', 'Card model') ?? 'AMD GPU',
          vendor: 'AMD',
          vramMiB: vram,
          driverVersion: driver,
          busId,
          uuid: str(card, 'Unique ID'),
          cudaVersion: null,
          computeCapability: null,
          architecture: null,
          powerLimitW: { default: null, min: null, max: null, enforced: num(card, 'Max Graphics Package Power (W)') },
          maxClocksMHz: null,
          temperatureLimitsC: null,
          eccMode: null,
          eccErrors: null,
          migMode: null,
          live: true,
          sources: ['rocm-smi']
        },
        values: {
          utilGpu: num(card, 'GPU use (%)'),
          utilMem: num(card, 'GPU Memory Read/Write Activity (%)', 'GPU memory use (%)'),
          memUsedMiB: mib(num(card, 'VRAM Total Used Memory (B)')),
          memTotalMiB: vram,
          tempC: num(card, 'Temperature (Sensor edge) (C)', 'Temperature (Sensor junction) (C)'),
          powerW: num(card, 'Average Graphics Package Power (W)', 'Current Socket Graphics Package Power (W)'),
          powerLimitW: num(card, 'Max Graphics Package Power (W)'),
          fanPct: num(card, 'Fan speed (%)'),
          smClockMHz: num(card, 'sclk clock speed:'),
          memClockMHz: num(card, 'mclk clock speed:')
        }
      }
    })
}

export function rocmSamples(cards: RocmCard[], ts: number): DeviceSample[] {
  return cards.map((c) => ({ device: c.info.key, ts, values: c.values, throttle: null }))
}
