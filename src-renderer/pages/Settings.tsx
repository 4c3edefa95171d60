import { useEffect, useState, type FormEvent } from 'react'
import type { Settings as SettingsT, SettingsPatch, Theme } from '../../src-preload/contract'
import { Field, TextField } from '../components/Field'
import { useSettingsStore } from '../stores/settingsStore'

type Draft = { [K in keyof SettingsT]: SettingsT[K] extends number ? string : SettingsT[K] }

const toDraft = (s: SettingsT): Draft => ({ ...s, telemetryIntervalMs: String(s.telemetryIntervalMs), idleMinutes: String(s.idleMinutes), prometheusPort: String(s.prometheusPort), benchmarkEveryHours: String(s.benchmarkEveryHours) })

// Numbers go to the core as typed; text that is no number goes as is so the core can name the field.
const asNumber = (text: string): number => (text.trim() === '' ? Number.NaN : Number(text))

function keepEdits(next: Draft, draft: Draft | null, before: SettingsT | null): Draft {
  if (!draft || !before) return next
  const old = toDraft(before)
  const merged: Record<string, unknown> = { ...next }
  for (const key of Object.keys(next) as (keyof Draft)[]) if (draft[key] !== old[key]) merged[key] = draft[key]
  return merged as Draft
}

function changes(draft: Draft, saved: SettingsT): SettingsPatch {
  const next: SettingsT = { ...draft, telemetryIntervalMs: asNumber(draft.telemetryIntervalMs), idleMinutes: asNumber(draft.idleMinutes), prometheusPort: asNumber(draft.prometheusPort), benchmarkEveryHours: asNumber(draft.benchmarkEveryHours) }
  const patch: Record<string, unknown> = {}
  for (const key of Object.keys(next) as (keyof SettingsT)[]) {
    if (!Object.is(next[key], saved[key])) patch[key] = Number.isNaN(next[key]) ? draft[key] : next[key]
  }
  return patch as SettingsPatch
}

export function Settings() {
  const { settings, history, saving, fieldErrors, formError, savedAt, load, save } = useSettingsStore()
  const [draft, setDraft] = useState<Draft | null>(() => (settings ? toDraft(settings) : null))
  const [draftOf, setDraftOf] = useState(settings)
  // A new saved copy (load, save, or a change pushed by the node) updates the form, keeping the
  // fields the user is still editing.
  if (settings !== draftOf) {
    setDraftOf(settings)
    setDraft(settings ? keepEdits(toDraft(settings), draft, draftOf) : null)
  }

  useEffect(() => {
    void load()
  }, [load])

  if (!settings || !draft) return <div className="page">{formError ? <p className="field-error">{formError}</p> : <p>Loading settings…</p>}</div>

  const patch = changes(draft, settings)
  const dirty = Object.keys(patch).length > 0
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft({ ...draft, [key]: value })
  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    if (dirty) void save(patch)
  }

  return (
    <div className="page">
      <h1>Settings</h1>
      <form className="settings" onSubmit={onSubmit} noValidate>
        <fieldset>
          <legend>App</legend>
          <Field id="theme" label="Theme" error={fieldErrors.theme}>
            <select id="theme" value={draft.theme} onChange={(e) => set('theme', e.target.value as Theme)}>
              <option value="system">Follow the system</option>
              <option value="light">Light</option>
              <option value="dark">Dark</option>
            </select>
          </Field>
          <TextField
            id="displayCurrency"
            label="Display currency"
            hint="Three-letter code, e.g. USD or EUR."
            error={fieldErrors.displayCurrency}
            value={draft.displayCurrency}
            maxLength={8}
            onChange={(v) => set('displayCurrency', v.toUpperCase())}
          />
          <Field id="startOnLogin" label="Start Ingot when I log in" hint="Desktop app only." error={fieldErrors.startOnLogin}>
            <input id="startOnLogin" type="checkbox" checked={draft.startOnLogin} onChange={(e) => set('startOnLogin', e.target.checked)} />
          </Field>
        </fieldset>
        <fieldset>
          <legend>When to work</legend>
          <Field id="idleOnly" label="Only while the computer is idle" error={fieldErrors.idleOnly}>
            <input id="idleOnly" type="checkbox" checked={draft.idleOnly} onChange={(e) => set('idleOnly', e.target.checked)} />
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
        </fieldset>
        <fieldset>
          <legend>Benchmark</legend>
          <TextField
            id="benchmarkEveryHours"
            label="Quick check every (hours)"
            hint="0 = never. The full benchmark also runs by itself after a new GPU, driver or compute backend, and never while a job runs."
            error={fieldErrors.benchmarkEveryHours}
            value={draft.benchmarkEveryHours}
            numeric
            onChange={(v) => set('benchmarkEveryHours', v)}
          />
        </fieldset>
        <fieldset>
          <legend>Telemetry</legend>
          <TextField
            id="telemetryIntervalMs"
            label="Sample every (ms)"
            hint="250–60000 ms."
            error={fieldErrors.telemetryIntervalMs}
            value={draft.telemetryIntervalMs}
            numeric
            onChange={(v) => set('telemetryIntervalMs', v)}
          />
          <TextField
            id="prometheusPort"
            label="Prometheus port"
            hint="Desktop app: serve /metrics on 127.0.0.1 at this port; 0 = off. The headless node always serves /metrics on its own port, behind its token."
            error={fieldErrors.prometheusPort}
            value={draft.prometheusPort}
            numeric
            onChange={(v) => set('prometheusPort', v)}
          />
        </fieldset>
        <div className="form-actions">
          <button type="submit" disabled={!dirty || saving}>
            {saving ? 'Saving…' : 'Save'}
          </button>
          <button type="button" disabled={!dirty || saving} onClick={() => setDraft(toDraft(settings))}>
            Discard changes
          </button>
          {formError && (
            <span className="field-error" role="alert">
              {formError}
            </span>
          )}
          {!dirty && savedAt && !formError && <span className="saved">Saved.</span>}
        </div>
      </form>
      <section className="card" aria-labelledby="history-h">
        <h2 id="history-h">Recent changes</h2>
        {history.length === 0 ? (
          <p>No settings changed yet; all values are defaults.</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Setting</th>
                <th scope="col">From</th>
                <th scope="col">To</th>
              </tr>
            </thead>
            <tbody>
              {history.map((h) => (
                <tr key={h.id}>
                  <td>{new Date(h.at).toLocaleString()}</td>
                  <td>{h.key}</td>
                  <td className="mono">{JSON.stringify(h.oldValue)}</td>
                  <td className="mono">{JSON.stringify(h.newValue)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  )
}
