import { useEffect, useRef } from 'react'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'
import { ChartTable } from './ChartTable'
import { formatValue } from './format'
import { mountPlot } from './mountPlot'

export interface DaySeries {
  label: string
  /** One value per day; null where nothing was recorded that day. */
  values: (number | null)[]
  /** A CSS custom property naming the colour, e.g. --series-1. */
  color: string
  /** The exact figure per day for the table (e.g. an amount from micro-units); else the value, formatted. */
  text?: (string | null)[]
}

const dayName = (day: number | undefined, options: Intl.DateTimeFormatOptions): string => (day === undefined ? '' : new Date(day).toLocaleDateString(undefined, options))
const css = (name: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888'

/**
 * Values per local day (uPlot): bars for one series (money), lines with points for several
 * (compliance per bound). The x axis is in local time; the unit labels the value axis. For screen
 * readers the chart is an image named by the caller's summary, with the days that have data as a
 * table beside it.
 */
export function DayChart({ days, series, unit, summary, style, yRange, decimals = 0, height = 180, timeZone }: { days: number[]; series: DaySeries[]; unit: string; summary: string; style: 'bars' | 'lines'; yRange?: [number, number]; decimals?: number; height?: number; timeZone?: string }) {
  const host = useRef<HTMLDivElement>(null)
  const plot = useRef<uPlot | null>(null)
  const shape = `${style}|${series.map((s) => `${s.label}:${s.color}`).join(',')}|${unit}|${yRange?.join('-') ?? ''}|${decimals}|${height}|${timeZone ?? ''}`
  // x is the day's index: days are the node's local midnights, named in the node's time zone, which
  // may not be this browser's.
  const data = [days.map((_d, i) => i), ...series.map((s) => s.values)] as uPlot.AlignedData
  const daysRef = useRef(days)
  const dataRef = useRef(data)
  const dataKey = JSON.stringify([days, data])
  useEffect(() => {
    dataRef.current = data
    daysRef.current = days
  })

  useEffect(() => {
    const el = host.current
    if (!el) return
    const muted = css('--muted')
    const grid = css('--border')
    const axis = { stroke: muted, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } }
    const show = (v: number | null) => (v === null || v === undefined ? '—' : formatValue(v, unit, decimals))
    const opts: uPlot.Options = {
      width: el.clientWidth || 600,
      height,
      legend: { show: true, live: true },
      cursor: { drag: { x: false, y: false } },
      scales: {
        // The days given, and half a day either side so the first and last bars are drawn whole.
        x: {
          time: false,
          range: (_u, min, max) => {
            const x = dataRef.current[0]
            return x.length ? [x[0]! - 0.5, x[x.length - 1]! + 0.5] : [min, max]
          }
        },
        y: { range: yRange ? () => yRange : (_u, min, max) => [Math.min(0, min), Math.max(0, max) || 1] }
      },
      axes: [
        { ...axis, incrs: [1, 2, 3, 5, 7, 14, 30], values: (_u, ticks) => ticks.map((i) => dayName(daysRef.current[i], { month: 'short', day: 'numeric', timeZone })) },
        { ...axis, label: unit, size: 60, values: (_u, ticks) => ticks.map((v) => formatValue(v, '', decimals)) }
      ],
      series: [
        { label: 'Day', value: (_u, v) => (v === null ? '—' : dayName(daysRef.current[v], { timeZone })) },
        ...series.map((s) => {
          const color = css(s.color)
          return style === 'bars'
            ? { label: s.label, stroke: color, fill: `${color}aa`, width: 1, paths: uPlot.paths.bars!({ size: [0.7, 48] }), points: { show: false }, value: (_u: uPlot, v: number | null) => show(v) }
            : { label: s.label, stroke: color, width: 2, spanGaps: false, points: { show: true, size: 6, fill: color }, value: (_u: uPlot, v: number | null) => show(v) }
        })
      ]
    }
    return mountPlot(el, opts, dataRef.current, plot)
    // Rebuilt when the chart's shape changes; new values alone go through setData below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shape])

  useEffect(() => {
    plot.current?.setData(dataRef.current)
  }, [dataKey])

  const cell = (s: DaySeries, i: number) => s.text?.[i] ?? (s.values[i] === null ? '—' : formatValue(s.values[i], unit, decimals))
  const rows = days.flatMap((day, i) => (series.some((s) => s.values[i] !== null) ? [{ key: day, head: dayName(day, { dateStyle: 'medium', timeZone }), cells: series.map((s) => cell(s, i)) }] : []))
  return (
    <figure className="chart day-chart">
      <div ref={host} role="img" aria-label={summary} />
      <ChartTable caption={`${series.map((s) => s.label).join(', ')} per day (${unit}), days with data`} rowHead="Day" columns={series.map((s) => s.label)} rows={rows} />
    </figure>
  )
}
