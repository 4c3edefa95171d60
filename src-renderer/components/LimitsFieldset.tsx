import { TextField } from './Field'
import type { DraftProps } from './settingsDraft'

/** Settings → Limits: heat, power and the cooldown after a game. */
export function LimitsFieldset({ draft, set, fieldErrors }: DraftProps) {
  return (
    <fieldset>
      <legend>Limits</legend>
      <TextField
        id="tempLimitC"
        label="Temperature limit (°C)"
        hint="50–100 °C. Work pauses when the hottest GPU reaches this and resumes once it is 5 °C cooler."
        error={fieldErrors.tempLimitC}
        value={draft.tempLimitC}
        numeric
        onChange={(v) => set('tempLimitC', v)}
      />
      <TextField
        id="powerCapW"
        label="Power cap (W)"
        hint="0 = no cap, up to 10000 W. Work pauses while the GPUs together draw more, and resumes below 90 % of the cap."
        error={fieldErrors.powerCapW}
        value={draft.powerCapW}
        numeric
        onChange={(v) => set('powerCapW', v)}
      />
      <TextField
        id="cooldownSec"
        label="Cooldown after a game (s)"
        hint="0–3600 s. How long a game or other GPU program must have been closed before work resumes."
        error={fieldErrors.cooldownSec}
        value={draft.cooldownSec}
        numeric
        onChange={(v) => set('cooldownSec', v)}
      />
    </fieldset>
  )
}
