import type { DeviceSample, GpuInfo } from '../../src-preload/contract'

const thermal = ['sw_thermal_slowdown', 'hw_thermal_slowdown']
const power = ['sw_power_cap', 'hw_power_brake_slowdown']

/** What the driver reports as wrong right now: throttling, uncorrected memory errors. */
export function healthFlags(gpu: GpuInfo, sample: DeviceSample | undefined): { text: string; level: 'warn' | 'error' }[] {
  const flags: { text: string; level: 'warn' | 'error' }[] = []
  const active = sample?.throttle ?? []
  if (active.some((r) => thermal.includes(r))) flags.push({ text: 'Thermal throttling active', level: 'error' })
  if (active.some((r) => power.includes(r))) flags.push({ text: 'Held at its power limit', level: 'warn' })
  // The driver's hardware slowdown: too hot, or the power supply asked it to brake.
  if (active.includes('hw_slowdown')) flags.push({ text: 'Hardware slowdown (temperature or power brake)', level: 'error' })
  const ecc = gpu.eccErrors?.volatileUncorrected
  if (ecc) flags.push({ text: `${ecc} uncorrected ECC error${ecc > 1 ? 's' : ''} since the driver loaded`, level: 'error' })
  return flags
}

export function HealthFlags({ gpu, sample }: { gpu: GpuInfo; sample: DeviceSample | undefined }) {
  const flags = healthFlags(gpu, sample)
  if (!gpu.live) return null
  return (
    <ul className="flags" aria-label="Health">
      {flags.length === 0 ? <li className="flag flag-ok">No throttling or memory errors reported</li> : flags.map((f) => (
        <li key={f.text} className={`flag flag-${f.level}`}>
          {f.text}
        </li>
      ))}
    </ul>
  )
}
