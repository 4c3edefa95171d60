import type { DeviceSample, GpuInfo } from '../../src-preload/contract'
import { useTelemetryStore } from '../stores/telemetryStore'
import { formatDuration } from './formatDuration'
import { formatMiB, formatValue } from './format'
import { Meter } from './Meter'
import { useNow } from './useNow'

/** A reading older than three sampling intervals (at least 5 s) is not live any more. */
function useStale(sample: DeviceSample | undefined): string | null {
  const now = useNow()
  const sampler = useTelemetryStore((s) => s.sampler)
  if (!sample) return null
  const age = now - sample.ts
  if (age <= Math.max(5000, 3 * (sampler?.intervalMs ?? 1000))) return null
  return `No new reading for ${formatDuration(age)}${sampler?.detail ? ` — ${sampler.detail}` : ''}. Showing the last one.`
}

/** Live readings of one GPU; limits come from the driver (slowdown temperature, power limit). */
export function GpuTile({ gpu, sample }: { gpu: GpuInfo; sample: DeviceSample | undefined }) {
  const v = sample?.values ?? {}
  const tempLimit = gpu.temperatureLimitsC?.slowdown ?? null
  const powerLimit = v.powerLimitW ?? gpu.powerLimitW?.enforced ?? null
  const stale = useStale(sample)
  return (
    <section className={`card tile${stale ? ' tile-stale' : ''}`} aria-label={`GPU ${gpu.index}: ${gpu.name}`} data-testid="gpu-tile">
      <h3>
        <span className="muted">GPU {gpu.index}</span> {gpu.name}
      </h3>
      {!gpu.live ? (
        <p className="muted">No live readings for this GPU: its vendor tool is not available.</p>
      ) : !sample ? (
        <p className="muted">Waiting for the first reading…</p>
      ) : (
        <>
          {stale && <p className="stale-note" role="status">{stale}</p>}
          <Meter label="Utilization" value={v.utilGpu} max={100} text={formatValue(v.utilGpu, '%')} />
          <Meter label="VRAM" value={v.memUsedMiB} max={v.memTotalMiB ?? gpu.vramMiB} text={`${formatMiB(v.memUsedMiB)} / ${formatMiB(v.memTotalMiB ?? gpu.vramMiB)}`} />
          <Meter label="Temperature" value={v.tempC} max={Math.max(100, tempLimit ?? 0)} limit={tempLimit} limitLabel={tempLimit ? `Slowdown at ${tempLimit} °C` : undefined} text={formatValue(v.tempC, '°C')} />
          <Meter label="Power" value={v.powerW} max={gpu.powerLimitW?.max ?? powerLimit} limit={powerLimit} limitLabel={powerLimit ? `Limit ${powerLimit} W` : undefined} text={`${formatValue(v.powerW, 'W')} / ${formatValue(powerLimit, 'W')}`} />
          <Meter label="Fan" value={v.fanPct} max={100} text={v.fanPct === null || v.fanPct === undefined ? 'not reported' : formatValue(v.fanPct, '%')} />
        </>
      )}
    </section>
  )
}

/** CPU and memory of the machine itself. */
export function HostTile({ sample, name }: { sample: DeviceSample | undefined; name: string }) {
  const v = sample?.values ?? {}
  const stale = useStale(sample)
  return (
    <section className={`card tile${stale ? ' tile-stale' : ''}`} aria-label={`Host ${name}`} data-testid="host-tile">
      <h3>
        <span className="muted">CPU</span> {name}
      </h3>
      {!sample ? (
        <p className="muted">Waiting for the first reading…</p>
      ) : (
        <>
          {stale && <p className="stale-note" role="status">{stale}</p>}
          <Meter label="CPU" value={v.cpuUtil} max={100} text={formatValue(v.cpuUtil, '%')} />
          <Meter label="RAM" value={v.ramUsedMiB} max={v.ramTotalMiB} text={`${formatMiB(v.ramUsedMiB)} / ${formatMiB(v.ramTotalMiB)}`} />
        </>
      )}
    </section>
  )
}
