import { useEffect, useState } from 'react'
import type { MetricName, TelemetrySeries } from '../../src-preload/contract'
import { BridgeError, ingot } from '../bridge'
import { LIVE_WINDOW_MS, useTelemetryStore } from '../stores/telemetryStore'
import { TimeChart, type ChartData } from './TimeChart'

export const ranges = [
  { id: 'live', label: 'Live', ms: 0 },
  { id: '1h', label: '1 h', ms: 3_600_000 },
  { id: '24h', label: '24 h', ms: 86_400_000 },
  { id: '7d', label: '7 d', ms: 7 * 86_400_000 },
  { id: '30d', label: '30 d', ms: 30 * 86_400_000 }
] as const
export type RangeId = (typeof ranges)[number]['id']
const REFRESH_MS = 10_000

const resolutionText: Record<TelemetrySeries['resolution'], string> = {
  raw: 'every reading',
  '1m': '1-minute averages; the band shows each minute’s lowest and highest',
  '1h': 'hourly averages; the band shows each hour’s lowest and highest'
}

/** One metric of one device: the live window from pushed samples, or stored history. */
export function HistoryChart({ device, metric, unit, label, range, limit }: { device: string; metric: MetricName; unit: string; label: string; range: RangeId; limit?: number | null }) {
  const recent = useTelemetryStore((s) => s.recent[device])
  const [stored, setStored] = useState<{ key: string; span: [number, number]; series: TelemetrySeries | null; error: string | null } | null>(null)
  const key = `${device}|${metric}|${range}`

  useEffect(() => {
    if (range === 'live') return
    const span = ranges.find((r) => r.id === range)!.ms
    let cancelled = false
    const fetchSeries = () => {
      const to = Date.now()
      const from = to - span
      ingot.call('telemetry.query', { device, metric, from, to }).then(
        (series) => !cancelled && setStored({ key, span: [from, to], series, error: null }),
        (err: Error) => {
          if (cancelled) return
          // A device with nothing stored yet is an empty period, not a failure.
          const empty: TelemetrySeries = { device, metric, resolution: 'raw', t: [], avg: [], min: [], max: [] }
          if (err instanceof BridgeError && err.code === 'E_NOT_FOUND') setStored({ key, span: [from, to], series: empty, error: null })
          else setStored({ key, span: [from, to], series: null, error: err.message })
        }
      )
    }
    fetchSeries()
    // Stored history grows as the node writes (every few seconds): follow it.
    const timer = setInterval(fetchSeries, REFRESH_MS)
    return () => {
      cancelled = true
      clearInterval(timer)
    }
  }, [device, metric, range, key])

  if (range === 'live') {
    const samples = recent ?? []
    const data: ChartData = { t: samples.map((s) => s.ts), avg: samples.map((s) => s.values[metric] ?? null) }
    return (
      <>
        <TimeChart data={data} unit={unit} label={label} limit={limit} span={data.t.length ? [data.t.at(-1)! - LIVE_WINDOW_MS, data.t.at(-1)!] : undefined} />
        <p className="muted small">Live: the last 5 minutes of readings as they arrive.</p>
      </>
    )
  }
  const current = stored?.key === key ? stored : null
  if (!current) return <p className="muted">Loading history…</p>
  if (current.error || !current.series) return <p className="field-error">{current.error}</p>
  return (
    <>
      <TimeChart data={current.series} unit={unit} label={label} limit={limit} span={current.span} />
      <p className="muted small">
        {current.series.t.length === 0 ? 'Nothing recorded in this period yet.' : `${current.series.t.length} points, ${resolutionText[current.series.resolution]}.`}
      </p>
    </>
  )
}
