import { useRef, useState, type KeyboardEvent } from 'react'
import { useNodeStore } from '../stores/nodeStore'
import { DAY_NAMES, DAYS, HOURS, daySlots, hourLabel, hourSlots, isAllowed, schedulePresets, scheduleSummary, slot, toggleSlots } from './schedule'

interface ScheduleGridProps {
  /** 168 characters of 0/1, Monday 00:00 first. */
  value: string
  onChange(value: string): void
  /** The core's message for the schedule, shown next to the grid. */
  error?: string
}

/** pressed for a day or an hour across the week: all on, none, or some. */
const pressedOf = (schedule: string, slots: number[]): boolean | 'mixed' => {
  const on = slots.filter((i) => schedule[i] === '1').length
  return on === slots.length ? true : on === 0 ? false : 'mixed'
}

// Keyboard: one tab stop for the whole grid; arrows move between hour headers (row 0), day labels
// (column 0) and hour cells, Home/End to the ends of a row; Space or Enter toggles.
const ROWS = 8
const COLS = 25
const MOVES: Record<string, (r: number, c: number) => [number, number]> = {
  ArrowUp: (r, c) => [r - 1, c],
  ArrowDown: (r, c) => [r + 1, c],
  ArrowLeft: (r, c) => [r, c - 1],
  ArrowRight: (r, c) => [r, c + 1],
  Home: (r) => [r, r === 0 ? 1 : 0],
  End: (r) => [r, COLS - 1]
}

/** The weekly schedule: 7 days × 24 hours of toggles, with presets and how many hours that makes. */
export function ScheduleGrid({ value, onChange, error }: ScheduleGridProps) {
  const timeZone = useNodeStore((s) => s.info?.timeZone)
  const [focus, setFocus] = useState<[number, number]>([1, 1])
  const table = useRef<HTMLTableElement>(null)

  const onKeyDown = (e: KeyboardEvent) => {
    const move = MOVES[e.key]
    if (!move) return
    e.preventDefault()
    let [r, c] = move(...focus)
    r = Math.min(ROWS - 1, Math.max(0, r))
    c = Math.min(COLS - 1, Math.max(0, c))
    // The corner holds no button.
    if (r === 0 && c === 0) return
    setFocus([r, c])
    table.current?.querySelector<HTMLButtonElement>(`[data-r="${r}"][data-c="${c}"]`)?.focus()
  }
  // Roving focus: only the button last moved to is a tab stop.
  const stop = (r: number, c: number) => ({
    'data-r': r,
    'data-c': c,
    tabIndex: focus[0] === r && focus[1] === c ? 0 : -1,
    onFocus: () => setFocus([r, c])
  })

  return (
    <div className={`schedule${error ? ' field-invalid' : ''}`} role="group" aria-labelledby="schedule-label" aria-describedby={`schedule-hint schedule-summary${error ? ' schedule-error' : ''}`}>
      <div className="schedule-head">
        <span id="schedule-label" className="strong">
          Weekly schedule
        </span>
        <span className="schedule-presets">
          {schedulePresets.map((p) => (
            <button key={p.id} type="button" aria-pressed={value === p.schedule} onClick={() => onChange(p.schedule)}>
              {p.label}
            </button>
          ))}
        </span>
      </div>
      <small id="schedule-hint" className="muted">
        Hours in the node’s local time{timeZone ? ` (${timeZone})` : ''}. Click an hour to allow or block it, a day to switch the whole day, an hour at the top to switch it on every day; arrow keys move
        between them.
      </small>
      <table className="schedule-grid" ref={table} onKeyDown={onKeyDown}>
        <thead>
          <tr>
            <td />
            {HOURS.map((h) => (
              <th key={h} scope="col">
                <button type="button" aria-label={`${hourLabel(h)} on every day`} aria-pressed={pressedOf(value, hourSlots(h))} onClick={() => onChange(toggleSlots(value, hourSlots(h)))} {...stop(0, h + 1)}>
                  {String(h).padStart(2, '0')}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {DAYS.map((d) => (
            <tr key={d}>
              <th scope="row">
                {/* The day's full name shows: a spoken name must start with the words one sees (WCAG 2.5.3). */}
                <button type="button" aria-label={`${DAY_NAMES[d]}, all day`} aria-pressed={pressedOf(value, daySlots(d))} onClick={() => onChange(toggleSlots(value, daySlots(d)))} {...stop(d + 1, 0)}>
                  {DAY_NAMES[d]}
                </button>
              </th>
              {HOURS.map((h) => {
                const on = isAllowed(value, d, h)
                return (
                  <td key={h}>
                    <button
                      type="button"
                      className="schedule-cell"
                      aria-pressed={on}
                      aria-label={`${DAY_NAMES[d]} ${hourLabel(h)}, ${on ? 'work allowed' : 'no work'}`}
                      onClick={() => onChange(toggleSlots(value, [slot(d, h)]))}
                      {...stop(d + 1, h + 1)}
                    />
                  </td>
                )
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p id="schedule-summary" className="schedule-summary" data-testid="schedule-summary">
        <span className="schedule-key schedule-key-on" aria-hidden="true" /> work allowed <span className="schedule-key" aria-hidden="true" /> no work ·{' '}
        <strong>{scheduleSummary(value)}</strong>
      </p>
      {error && (
        <small className="field-error" id="schedule-error" role="alert">
          {error}
        </small>
      )}
    </div>
  )
}
