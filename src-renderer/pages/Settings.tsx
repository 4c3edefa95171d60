import { useEffect, useState, type FormEvent } from 'react'
import type { BidStrategy, MarketMode, Settings as SettingsValues, Theme, UpdateChannel } from '../../src-preload/contract'
import { describedBy, Field, SelectField, TextField } from '../components/Field'
import { GpusFieldset } from '../components/GpusFieldset'
import { HeavyAppsFieldset } from '../components/HeavyAppsFieldset'
import { LimitsFieldset } from '../components/LimitsFieldset'
import { MarketStateLine } from '../components/MarketStateLine'
import { PeakHoursRow } from '../components/PeakHoursRow'
import { SettingsHistoryTable } from '../components/SettingsHistoryTable'
import { changes, keepEdits, toDraft, type Draft } from '../components/settingsDraft'
import { UpdateStatusLine } from '../components/UpdateStatusLine'
import { WhenToWorkFieldset } from '../components/WhenToWorkFieldset'
import { useNodeStore } from '../stores/nodeStore'
import { useOnboardingStore } from '../stores/onboardingStore'
import { hrefOf } from '../stores/routeStore'
import { useSettingsStore } from '../stores/settingsStore'

const modeHints: Record<MarketMode, string> = {
  embedded: 'Demo buyers inside Ingot post real jobs (digit recognition, matrix products). They pay in demo credits, not money: a safe way to see what this machine wins.',
  coordinator: 'Join the market a coordinator runs at the address below; it pays in its own currency.',
  off: 'No market: no offers come in, and only jobs you submit yourself run.'
}

const strategyHints: Record<BidStrategy, string> = {
  fixed: 'Bid your cost price: the floor for the job’s GPU time, or its electricity plus your margin, whichever is more.',
  adaptive: 'Ask more after wins and less after losses, always between your cost price and the buyer’s maximum.'
}

type NotifyKey = keyof Pick<SettingsValues, 'notifyJobPaid' | 'notifySlaBreach' | 'notifyHeat' | 'notifyUpdate'>
const notifications: { key: NotifyKey; label: string }[] = [
  { key: 'notifyJobPaid', label: 'A job was paid' },
  { key: 'notifySlaBreach', label: 'A job breached its SLA' },
  { key: 'notifyHeat', label: 'Work paused for heat' },
  { key: 'notifyUpdate', label: 'An update is ready to install' }
]

export function Settings() {
  const { settings, history, saving, fieldErrors, formError, savedAt, load, save, clearErrors } = useSettingsStore()
  const headless = useNodeStore((s) => s.info?.shell === 'headless')
  const runSetup = useOnboardingStore((s) => s.open)
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
  const form = { draft, set, fieldErrors }
  // Amounts are in the market's currency: demo credits in the demo market.
  const money = draft.marketMode === 'embedded' ? 'demo credits' : 'credits'
  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    if (dirty) void save(patch)
  }

  return (
    <div className="page">
      <h1>Settings</h1>
      <form className="settings" onSubmit={onSubmit} noValidate>
        <fieldset>
          <legend>Market</legend>
          <SelectField
            id="marketMode"
            label="Market"
            hint={modeHints[draft.marketMode]}
            error={fieldErrors.marketMode}
            value={draft.marketMode}
            options={[
              { value: 'embedded', label: 'Embedded demo market (demo credits)' },
              { value: 'coordinator', label: 'A coordinator at an address' },
              { value: 'off', label: 'Off' }
            ]}
            onChange={(v) => set('marketMode', v)}
          />
          <MarketStateLine unsaved={draft.marketMode !== settings.marketMode || draft.marketUrl !== settings.marketUrl} />
          {/* Hidden unless it is used, but never while it holds an unsaved edit or the core's complaint. */}
          {(draft.marketMode === 'coordinator' || draft.marketUrl !== settings.marketUrl || fieldErrors.marketUrl) && (
            <TextField
              id="marketUrl"
              label="Coordinator address"
              hint="A ws:// or wss:// address, e.g. ws://192.168.1.10:7070."
              error={fieldErrors.marketUrl}
              value={draft.marketUrl}
              maxLength={500}
              placeholder="ws://host:port"
              onChange={(v) => set('marketUrl', v.trim())}
            />
          )}
          <TextField
            id="region"
            label="Region"
            hint="'any', or a code like eu or us-east. Buyers whose data must stay in a region offer their jobs only to nodes there."
            error={fieldErrors.region}
            value={draft.region}
            maxLength={40}
            onChange={(v) => set('region', v.trim().toLowerCase())}
          />
        </fieldset>
        <fieldset>
          <legend>Pricing</legend>
          <TextField
            id="floorMicroPerGpuHour"
            label={`Floor price (${money} per GPU-hour)`}
            hint="The least you accept for an hour of GPU time, e.g. 0.05. Offers that pay less are skipped."
            error={fieldErrors.floorMicroPerGpuHour}
            value={draft.floorMicroPerGpuHour}
            numeric="decimal"
            onChange={(v) => set('floorMicroPerGpuHour', v)}
          />
          <TextField
            id="tariffMicroPerKwh"
            label={`Electricity price (${money} per kWh)`}
            hint="What a kWh costs you, e.g. 0.30. With the GPUs' measured power it gives each job's energy cost; a node without power readings prices by its floor alone."
            error={fieldErrors.tariffMicroPerKwh}
            value={draft.tariffMicroPerKwh}
            numeric="decimal"
            onChange={(v) => set('tariffMicroPerKwh', v)}
          />
          <TextField
            id="tariffPeakMicroPerKwh"
            label={`Peak electricity price (${money} per kWh)`}
            hint="0 = a flat tariff. Otherwise what a kWh costs in the peak hours below; the price above then counts for the other hours."
            error={fieldErrors.tariffPeakMicroPerKwh}
            value={draft.tariffPeakMicroPerKwh}
            numeric="decimal"
            onChange={(v) => set('tariffPeakMicroPerKwh', v)}
          />
          <PeakHoursRow
            value={draft.peakHours}
            onChange={(v) => set('peakHours', v)}
            active={draft.tariffPeakMicroPerKwh.trim() !== '' && Number(draft.tariffPeakMicroPerKwh) !== 0}
            error={fieldErrors.peakHours}
          />
          <TextField
            id="energyMarginPct"
            label="Margin over energy (%)"
            hint="0–1000 %. Added to a job's energy cost: no bid goes under energy plus this margin."
            error={fieldErrors.energyMarginPct}
            value={draft.energyMarginPct}
            numeric="decimal"
            onChange={(v) => set('energyMarginPct', v)}
          />
          <SelectField
            id="bidStrategy"
            label="Bidding"
            hint={strategyHints[draft.bidStrategy]}
            error={fieldErrors.bidStrategy}
            value={draft.bidStrategy}
            options={[
              { value: 'fixed', label: 'Fixed: bid your cost price' },
              { value: 'adaptive', label: 'Adaptive: follow wins and losses' }
            ]}
            onChange={(v) => set('bidStrategy', v)}
          />
        </fieldset>
        <fieldset>
          <legend>App</legend>
          <Field id="theme" label="Theme" error={fieldErrors.theme}>
            <select id="theme" value={draft.theme} aria-describedby={describedBy({ id: 'theme', error: fieldErrors.theme })} onChange={(e) => set('theme', e.target.value as Theme)}>
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
            <input id="startOnLogin" type="checkbox" checked={draft.startOnLogin} aria-describedby={describedBy({ id: 'startOnLogin', hint: 'Desktop app only.', error: fieldErrors.startOnLogin })} onChange={(e) => set('startOnLogin', e.target.checked)} />
          </Field>
          <SelectField
            id="updateChannel"
            label="Update channel"
            hint={headless ? 'Desktop app only: this headless node updates from its checkout.' : 'Betas come earlier and may have rough edges. Updates download in the background and install when Ingot quits.'}
            error={fieldErrors.updateChannel}
            value={draft.updateChannel}
            options={[
              { value: 'stable' as UpdateChannel, label: 'Stable releases' },
              { value: 'beta' as UpdateChannel, label: 'Betas too' }
            ]}
            onChange={(v) => set('updateChannel', v)}
          />
          <UpdateStatusLine />
          <div className="field-group" role="group" aria-labelledby="notify-label" aria-describedby="notify-hint">
            <span id="notify-label" className="strong">
              Notify me when
            </span>
            <small id="notify-hint" className="muted">
              {headless ? 'Desktop notifications: the desktop app shows them; this headless node has no desktop to show them on.' : 'Desktop notifications, each kind on its own.'}
            </small>
            {notifications.map((n) => (
              <Field key={n.key} id={n.key} label={n.label} error={fieldErrors[n.key]}>
                <input id={n.key} type="checkbox" checked={draft[n.key]} aria-describedby={describedBy({ id: n.key, error: fieldErrors[n.key] })} onChange={(e) => set(n.key, e.target.checked)} />
              </Field>
            ))}
          </div>
        </fieldset>
        <WhenToWorkFieldset {...form} />
        <LimitsFieldset {...form} />
        <GpusFieldset {...form} />
        <HeavyAppsFieldset {...form} />
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
        <fieldset>
          <legend>Setup</legend>
          <p className="fieldset-note">The first-start setup again: GPUs found, a quick benchmark, what this machine can expect to earn, and your prices and hours.</p>
          <div>
            <button type="button" onClick={() => (clearErrors(), runSetup())}>
              Run setup again
            </button>
          </div>
        </fieldset>
        <div className="form-actions">
          <button type="submit" disabled={!dirty || saving}>
            {saving ? 'Saving…' : 'Save'}
          </button>
          <button type="button" disabled={!dirty || saving} onClick={() => (setDraft(toDraft(settings)), clearErrors())}>
            Discard changes
          </button>
          {formError && (
            <span className="field-error" role="alert">
              {formError}
            </span>
          )}
          {/* Always there, so a screen reader hears "Saved." when it appears. */}
          <span className="saved" role="status">
            {!dirty && savedAt && !formError ? 'Saved.' : ''}
          </span>
        </div>
      </form>
      <section className="card" aria-labelledby="history-h">
        <h2 id="history-h">Recent changes</h2>
        {history.length === 0 ? (
          <p>No settings changed yet; all values are defaults.</p>
        ) : (
          <SettingsHistoryTable changes={history} />
        )}
        <p className="muted small">
          Why the node worked or paused, and every settings change: <a href={hrefOf('logs')}>Logs</a>
        </p>
      </section>
    </div>
  )
}
