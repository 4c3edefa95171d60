import { useRef, useState, type KeyboardEvent } from 'react'
import { useNodeStore } from '../stores/nodeStore'
import { EVENING_PEAK, HOURS, hourLabel, NO_PEAK, peakHoursText, togglePeakHour } from './schedule'

interface PeakHoursRowProps {
  /** 24 characters of 0/1, midnight first, in the node's local time. */
  value: string
  onChange(value: string): void
  /** False while the tariff is flat: the hours are kept but price nothing. */
  active: boolean
  error?: string
}

const presets = [
  { label: 'No peak', hours: NO_PEAK },
  { label: 'Evenings 17–21', hours: EVENING_PEAK }
]

/** Which hours of the day cost the peak price: one row of 24 toggles, like a day of the weekly schedule. */
export function PeakHoursRow({ value, onChange, active, error }: PeakHoursRowProps) {
  const timeZone = useNodeStore((s) => s.info?.timeZone)
  const [focus, setFocus] = useState(17)
  const row = useRef<HTMLDivElement>(null)
  const onKeyDown = (e: KeyboardEvent) => {
    const next = { ArrowLeft: focus - 1, ArrowRight: focus + 1, Home: 0, End: 23 }[e.key]
    if (next === undefined) return
    e.preventDefault()
    const h = Math.min(23, Math.max(0, next))
    setFocus(h)
    row.current?.querySelector<HTMLButtonElement>(`[data-h="${h}"]`)?.focus()
  }
  return (
    <div
      className={`schedule peak-hours${error ? ' field-invalid' : ''}${active ? '' : ' peak-inactive'}`}
      role="group"
      aria-labelledby="peakHours-label"
      aria-describedby={`peakHours-hint peakHours-summary${error ? ' peakHours-error' : ''}`}
    >
      <div className="schedule-head">
        <span id="peakHours-label" className="strong">
          Peak hours
        </span>
        <span className="schedule-presets">
          {presets.map((p) => (
            <button key={p.label} type="button" aria-pressed={value === p.hours} onClick={() => onChange(p.hours)}>
              {p.label}
            </button>
          ))}
        </span>
      </div>
      <small id="peakHours-hint" className="muted">
        {active
          ? `Hours in the node’s local time${timeZone ? ` (${timeZone})` : ''} that cost the peak price; the others cost the electricity price above. Arrow keys move between hours, Space switches one.`
          : 'Used once the peak price is above 0; with a flat tariff every hour costs the electricity price above.'}
      </small>
      <div className="peak-row" ref={row} onKeyDown={onKeyDown}>
        {HOURS.map((h) => {
          const on = value[h] === '1'
          return (
            <button
              key={h}
              type="button"
              className="schedule-cell peak-cell"
              data-h={h}
              tabIndex={focus === h ? 0 : -1}
              aria-pressed={on}
              aria-label={`${hourLabel(h)}, ${on ? 'peak' : 'off-peak'}`}
              onFocus={() => setFocus(h)}
              onClick={() => onChange(togglePeakHour(value, h))}
            >
              <span aria-hidden="true">{String(h).padStart(2, '0')}</span>
            </button>
          )
        })}
      </div>
      <p id="peakHours-summary" className="schedule-summary" data-testid="peak-summary">
        Peak: <strong>{peakHoursText(value)}</strong>
      </p>
      {error && (
        <small className="field-error" id="peakHours-error" role="alert">
          {error}
        </small>
      )}
    </div>
  )
}
