import { useEffect, useRef } from 'react'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'
import { readingsSummary } from './chartText'
import { formatValue } from './format'
import { mountPlot } from './mountPlot'

export interface ChartData {
  t: number[]
  avg: (number | null)[]
  min?: (number | null)[]
  max?: (number | null)[]
}

const css = (name: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888'

/**
 * A time-series chart (uPlot): local-time axis, unit on the value axis, min–max band where the
 * data is rolled up, an optional limit line, and a text summary for screen readers.
 */
export function TimeChart({ data, unit, label, limit, span, height = 180 }: { data: ChartData; unit: string; label: string; limit?: number | null; span?: [number, number]; height?: number }) {
  const host = useRef<HTMLDivElement>(null)
  const plot = useRef<uPlot | null>(null)
  // The x axis shows the whole period asked for, not just the stretch that has data.
  const spanRef = useRef(span)
  useEffect(() => {
    spanRef.current = span
  }, [span])
  const banded = !!data.min && !!data.max && data.min.some((v, i) => v !== data.max![i])

  useEffect(() => {
    const el = host.current
    if (!el) return
    // --series-2: the gold, dark enough for a thin line on the light panel (3:1).
    const accent = css('--series-2')
    const muted = css('--muted')
    const grid = css('--border')
    const axis = { stroke: muted, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } }
    const opts: uPlot.Options = {
      width: el.clientWidth || 600,
      height,
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: {
        x: {
          time: true,
          range: (_u, min, max) => (spanRef.current ? [spanRef.current[0] / 1000, spanRef.current[1] / 1000] : [min, max])
        }
      },
      axes: [axis, { ...axis, label: unit, size: 56, values: (_u, ticks) => ticks.map((v) => formatValue(v, '', 0)) }],
      series: [
        {},
        { label, stroke: accent, width: 1.5, spanGaps: false },
        ...(banded ? [{ label: 'min', stroke: 'transparent' }, { label: 'max', stroke: 'transparent' }] : []),
        ...(limit ? [{ label: 'limit', stroke: css('--error'), width: 1, dash: [6, 4] }] : [])
      ],
      bands: banded ? [{ series: [3, 2], fill: `${accent}33` }] : []
    }
    return mountPlot(el, opts, toAligned(data, banded, limit), plot)
    // The chart is rebuilt when its shape changes; new data alone goes through setData below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [banded, !!limit, unit, label, height])

  useEffect(() => {
    plot.current?.setData(toAligned(data, banded, limit))
  }, [data, banded, limit, span])

  return (
    <figure className="chart">
      <div ref={host} role="img" aria-label={readingsSummary(label, unit, data.t, data.avg, limit)} />
    </figure>
  )
}

function toAligned(data: ChartData, banded: boolean, limit: number | null | undefined): uPlot.AlignedData {
  const seconds = data.t.map((t) => t / 1000)
  const cols: (number | null)[][] = [data.avg]
  if (banded) cols.push(data.min!, data.max!)
  if (limit) cols.push(data.t.map(() => limit))
  return [seconds, ...cols] as uPlot.AlignedData
}
