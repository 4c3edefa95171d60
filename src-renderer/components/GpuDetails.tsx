import type { GpuInfo } from '../../src-preload/contract'
import { formatMiB, formatValue } from './format'

const row = (label: string, value: string | null | undefined) => (value ? [label, value] : null)

/** Everything the inventory knows about one GPU, leaving out what was not reported. */
export function GpuDetails({ gpu }: { gpu: GpuInfo }) {
  const p = gpu.powerLimitW
  const c = gpu.maxClocksMHz
  const t = gpu.temperatureLimitsC
  const rows = [
    row('Vendor', gpu.vendor),
    row('Memory', gpu.vramMiB ? formatMiB(gpu.vramMiB) : null),
    row('Architecture', gpu.architecture),
    row('Driver', gpu.driverVersion),
    row('CUDA', gpu.cudaVersion),
    row('Compute capability', gpu.computeCapability),
    row('PCI bus', gpu.busId),
    row('UUID', gpu.uuid),
    row('Power limit', p?.enforced ? `${formatValue(p.enforced, 'W')}${p.min && p.max ? ` (settable ${p.min}–${p.max} W)` : ''}` : null),
    row('Max clocks', c?.sm || c?.memory ? `SM ${formatValue(c.sm, 'MHz')}, memory ${formatValue(c.memory, 'MHz')}` : null),
    row('Temperature limits', t?.slowdown || t?.shutdown ? `slowdown ${formatValue(t.slowdown, '°C')}, shutdown ${formatValue(t.shutdown, '°C')}` : null),
    row('ECC', gpu.eccMode),
    row('MIG', gpu.migMode),
    row('Read through', gpu.sources.join(', '))
  ].filter((r): r is [string, string] => r !== null)
  return (
    <dl className="facts">
      {rows.map(([k, v]) => (
        <div key={k} className="fact">
          <dt>{k}</dt>
          <dd className={k === 'UUID' || k === 'PCI bus' ? 'mono' : undefined}>{v}</dd>
        </div>
      ))}
    </dl>
  )
}
