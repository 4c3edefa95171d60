import { useNodeStore } from '../stores/nodeStore'
import { describedBy, Field, TextField } from './Field'
import { ScheduleGrid } from './ScheduleGrid'
import type { DraftProps } from './settingsDraft'

/** Settings → When to work: idle detection and the weekly schedule. */
export function WhenToWorkFieldset({ draft, set, fieldErrors }: DraftProps) {
  // A headless rig has no keyboard or mouse to watch: the core counts it as always idle.
  const headless = useNodeStore((s) => s.info?.shell === 'headless')
  const idleHint = headless ? 'Desktop app only: this headless node has no keyboard or mouse to watch, so it always counts as idle.' : undefined
  return (
    <fieldset>
      <legend>When to work</legend>
      <Field
        id="idleOnly"
        label="Only while the computer is idle"
        hint={idleHint}
        error={fieldErrors.idleOnly}
      >
        <input id="idleOnly" type="checkbox" checked={draft.idleOnly} aria-describedby={describedBy({ id: 'idleOnly', hint: idleHint, error: fieldErrors.idleOnly })} onChange={(e) => set('idleOnly', e.target.checked)} />
      </Field>
      <TextField
        id="idleMinutes"
        label="Idle after (minutes)"
        hint="1–240 minutes without keyboard or mouse input."
        error={fieldErrors.idleMinutes}
        value={draft.idleMinutes}
        numeric
        onChange={(v) => set('idleMinutes', v)}
      />
      <ScheduleGrid value={draft.schedule} onChange={(v) => set('schedule', v)} error={fieldErrors.schedule} />
    </fieldset>
  )
}
