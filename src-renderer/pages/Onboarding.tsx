import { useEffect, useRef, useState, type FormEvent } from 'react'
import type { EarningsEstimate, Settings, SettingsPatch } from '../../src-preload/contract'
import { ingot } from '../bridge'
import { backendNames } from '../components/BenchmarkPanel'
import { EstimateView } from '../components/EstimateView'
import { describedBy, Field, TextField } from '../components/Field'
import { formatMiB, formatMs, formatValue } from '../components/format'
import { microToCredits } from '../components/creditsText'
import { schedulePresets, scheduleSummary } from '../components/schedule'
import { changes, toDraft, type Draft } from '../components/settingsDraft'
import { useBenchStore } from '../stores/benchStore'
import { useNodeStore } from '../stores/nodeStore'
import { useOnboardingStore } from '../stores/onboardingStore'
import { useRoute } from '../stores/routeStore'
import { useSettingsStore } from '../stores/settingsStore'
import { useTelemetryStore } from '../stores/telemetryStore'

// The first-start setup: what was found, a quick benchmark, what the machine can expect to earn
// (a prediction), the owner's prices and hours, then the app. Skippable on every step.

const steps = [
  { id: 'gpus', label: 'Hardware' },
  { id: 'benchmark', label: 'Benchmark' },
  { id: 'estimate', label: 'Expected earnings' },
  { id: 'pricing', label: 'Prices and hours' },
  { id: 'start', label: 'Start' }
] as const
type StepId = (typeof steps)[number]['id']

/** The settings this setup asks about; everything else stays as it is. */
const SETUP_KEYS = ['floorMicroPerGpuHour', 'tariffMicroPerKwh', 'idleOnly', 'schedule'] as const satisfies readonly (keyof Settings)[]

/** True where something reads GPU power (an NVIDIA GPU with live readings): only then is electricity measured. */
const usePowerMeasured = () => useTelemetryStore((s) => s.inventory?.gpus.some((g) => g.live) ?? false)

function GpusStep() {
  const { inventory, error, load } = useTelemetryStore()
  const backend = useBenchStore((s) => s.backend)
  useEffect(() => {
    void load()
  }, [load])
  if (!inventory) return <p className="muted">{error ? `The hardware scan could not be read: ${error}` : 'Looking for GPUs…'}</p>
  return (
    <>
      {inventory.gpus.length === 0 ? (
        <div className="empty" role="status" data-testid="onboarding-no-gpu">
          <h2>No GPU found — Ingot computes on the CPU: slower, still real</h2>
          <p>
            {inventory.noGpuReason ? `${inventory.noGpuReason} ` : ''}Jobs run on this machine’s {inventory.host.cpuCores} CPU threads ({inventory.host.cpuModel}). With an NVIDIA
            GPU and its driver installed, Hardware → Scan again finds it.
          </p>
        </div>
      ) : (
        <ul className="onboarding-gpus">
          {inventory.gpus.map((g) => (
            <li key={g.key} data-testid="onboarding-gpu">
              <strong>
                GPU {g.index}: {g.name}
              </strong>{' '}
              <span className="muted">
                {[g.vramMiB !== null ? formatMiB(g.vramMiB) : null, g.driverVersion ? `driver ${g.driverVersion}` : null, g.live ? 'live readings' : 'no live readings'].filter(Boolean).join(' · ')}
              </span>
            </li>
          ))}
        </ul>
      )}
      <p className="small muted">
        Also here: {inventory.host.cpuModel}, {formatMiB(inventory.host.ramMiB)} of memory ({inventory.host.os}).
        {backend?.chosen ? ` Jobs compute with ${backendNames[backend.chosen]}.` : ''} Which GPUs are offered, and how much of their memory, is in Settings → GPUs.
      </p>
    </>
  )
}

function BenchmarkStep() {
  const { history, progress, running, error, load, run, cancel } = useBenchStore()
  /** The run started on this step, to follow it to its end. */
  const [mine, setMine] = useState<string | null>(null)
  useEffect(() => {
    void load()
  }, [load])
  const start = async () => {
    await run('quick')
    setMine(useBenchStore.getState().running)
  }
  const latest = history.find((r) => r.status === 'ok')
  const ended = mine ? history.find((r) => r.id === mine && r.status !== 'running') : undefined
  const pct = running ? (progress && progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : 0) : ended?.status === 'ok' ? 100 : null
  return (
    <>
      <p>
        A quick benchmark (a few seconds) measures what this machine computes per second. Bids and the earnings prediction are worked out from it; every figure is checked against
        a CPU reference. Ingot keeps measuring on its own later.
      </p>
      <div className="form-actions">
        <button type="button" onClick={() => void start()} disabled={!!running}>
          {latest ? 'Run the quick benchmark again' : 'Run quick benchmark'}
        </button>
        {running && (
          <button type="button" onClick={() => void cancel()}>
            Cancel
          </button>
        )}
      </div>
      {pct !== null && (
        <div className="bench-progress" data-testid="onboarding-bench-progress">
          <progress max={100} value={pct} aria-label="Benchmark progress" />
          <span className="small">
            {pct} % — {running ? (progress?.label ?? 'Starting') : 'Done'}
            {running && mine !== running ? ' (a benchmark the node started itself)' : ''}
          </span>
        </div>
      )}
      {error && <p className="field-error">{error}</p>}
      {ended && ended.status !== 'ok' && (
        <p className={ended.status === 'failed' ? 'field-error' : 'muted'} role="status">
          {ended.status === 'cancelled' ? 'Cancelled: nothing was stored.' : `The benchmark failed: ${ended.error ?? 'no reason given'}.`} Run it again, or go on without one — the
          node then bids on nothing until it has measured itself.
        </p>
      )}
      {latest && !running && (
        <p data-testid="onboarding-bench-result">
          {latest.id === mine ? 'Done' : 'Latest benchmark'}: score <strong>{latest.score}</strong>
          {latest.result ? `, best matrix multiply ${formatValue(latest.result.bestMatmul.gflops, 'GFLOP/s', 1)}, in ${formatMs(latest.result.durationMs)}` : ''}
          {latest.backend ? ` on ${backendNames[latest.backend]}` : ''}.
        </p>
      )}
    </>
  )
}

/** market.estimate, asked again whenever `asked` changes (after new prices are saved). */
function useEstimate(asked: unknown) {
  const [state, setState] = useState<{ estimate: EarningsEstimate | null; error: string | null; loading: boolean }>({ estimate: null, error: null, loading: true })
  useEffect(() => {
    let live = true
    ingot.call('market.estimate').then(
      (estimate) => live && setState({ estimate, error: null, loading: false }),
      (err: Error) => live && setState({ estimate: null, error: err.message, loading: false })
    )
    return () => {
      live = false
    }
  }, [asked])
  return state
}

function EstimateStep({ onBack }: { onBack(): void }) {
  const settings = useSettingsStore((s) => s.settings)
  const { estimate, error, loading } = useEstimate(settings)
  const measured = usePowerMeasured()
  if (loading) return <p className="muted">Working out the prediction…</p>
  if (error) return <p className="field-error">The prediction could not be worked out: {error}</p>
  if (!estimate) {
    return (
      <p data-testid="onboarding-no-estimate">
        No prediction yet: it is worked out from a benchmark, and none has finished.{' '}
        <button type="button" className="link" onClick={onBack}>
          Run the quick benchmark
        </button>{' '}
        or go on — the node measures itself before it bids.
      </p>
    )
  }
  return (
    <>
      <EstimateView estimate={estimate} energyMeasured={measured} />
      <p className="small muted">It follows your prices: the next step sets them, and the last one shows the prediction again with them.</p>
    </>
  )
}

function PricingStep({ settings, onSaved }: { settings: Settings; onSaved(): void }) {
  const { saving, fieldErrors, formError, save } = useSettingsStore()
  const headless = useNodeStore((s) => s.info?.shell === 'headless')
  const timeZone = useNodeStore((s) => s.info?.timeZone)
  const [draft, setDraft] = useState<Draft>(() => toDraft(settings))
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft({ ...draft, [key]: value })
  const money = settings.marketMode === 'embedded' ? 'demo credits' : 'credits'
  const preset = schedulePresets.find((p) => p.schedule === draft.schedule)
  const idleHint = headless ? 'Desktop app only: this headless node has no keyboard or mouse to watch, so it always counts as idle.' : `Work starts after ${settings.idleMinutes} minutes without keyboard or mouse, and stops as soon as you are back.`
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault()
    const all = changes(draft, settings)
    const patch: SettingsPatch = Object.fromEntries(Object.entries(all).filter(([k]) => (SETUP_KEYS as readonly string[]).includes(k)))
    if (Object.keys(patch).length === 0 || (await save(patch))) onSaved()
  }
  return (
    <form id="onboarding-pricing" className="settings onboarding-form" onSubmit={(e) => void onSubmit(e)} noValidate>
      <TextField
        id="ob-floor"
        label={`Floor price (${money} per GPU-hour)`}
        hint={`The least you accept for an hour of GPU time, e.g. ${microToCredits(settings.floorMicroPerGpuHour)}. Offers that pay less are let pass.`}
        error={fieldErrors.floorMicroPerGpuHour}
        value={draft.floorMicroPerGpuHour}
        numeric="decimal"
        onChange={(v) => set('floorMicroPerGpuHour', v)}
      />
      <TextField
        id="ob-tariff"
        label={`Electricity price (${money} per kWh)`}
        hint="What a kWh costs you, e.g. 0.30. With measured GPU power it prices each job’s electricity, and no bid goes under it. Peak hours are in Settings → Pricing."
        error={fieldErrors.tariffMicroPerKwh}
        value={draft.tariffMicroPerKwh}
        numeric="decimal"
        onChange={(v) => set('tariffMicroPerKwh', v)}
      />
      <Field
        id="ob-idle"
        label="Only while the computer is idle"
        hint={idleHint}
        error={fieldErrors.idleOnly}
      >
        <input id="ob-idle" type="checkbox" checked={draft.idleOnly} aria-describedby={describedBy({ id: 'ob-idle', hint: idleHint, error: fieldErrors.idleOnly })} onChange={(e) => set('idleOnly', e.target.checked)} />
      </Field>
      <div className="field-group" role="radiogroup" aria-labelledby="ob-schedule-label" aria-describedby="ob-schedule-summary">
        <span id="ob-schedule-label" className="strong">
          When to work
        </span>
        <div className="schedule-presets">
          {schedulePresets.map((p) => (
            <label key={p.id} className="choice">
              <input type="radio" name="ob-schedule" checked={draft.schedule === p.schedule} onChange={() => set('schedule', p.schedule)} /> {p.label}
            </label>
          ))}
          {!preset && (
            <label className="choice">
              <input type="radio" name="ob-schedule" checked onChange={() => {}} /> Your own schedule
            </label>
          )}
        </div>
        <small id="ob-schedule-summary" className="muted">
          {scheduleSummary(draft.schedule)}, in the node’s local time{timeZone ? ` (${timeZone})` : ''}. Hour by hour in Settings → When to work.
        </small>
        {fieldErrors.schedule && (
          <small className="field-error" role="alert">
            {fieldErrors.schedule}
          </small>
        )}
      </div>
      {formError && (
        <p className="field-error" role="alert">
          {formError}
        </p>
      )}
      {saving && <p className="muted small">Saving…</p>}
    </form>
  )
}

function StartStep() {
  const settings = useSettingsStore((s) => s.settings)
  const latest = useBenchStore((s) => s.history.find((r) => r.status === 'ok'))
  const gpus = useTelemetryStore((s) => s.inventory?.gpus)
  const { estimate } = useEstimate(settings)
  const measured = usePowerMeasured()
  if (!settings) return <p className="muted">Loading settings…</p>
  const money = settings.marketMode === 'embedded' ? 'demo credits' : 'credits'
  return (
    <>
      <dl className="facts" data-testid="onboarding-summary">
        <dt>Computes on</dt>
        <dd>{gpus && gpus.length > 0 ? gpus.map((g) => g.name).join(', ') : 'the CPU (no GPU found)'}</dd>
        <dt>Benchmark</dt>
        <dd>{latest ? `score ${latest.score} (${latest.mode})` : 'none yet: the node measures itself before it bids'}</dd>
        <dt>Floor price</dt>
        <dd>
          {microToCredits(settings.floorMicroPerGpuHour)} {money} per GPU-hour
        </dd>
        <dt>Electricity</dt>
        <dd>
          {microToCredits(settings.tariffMicroPerKwh)} {money} per kWh{settings.tariffPeakMicroPerKwh > 0 ? `, ${microToCredits(settings.tariffPeakMicroPerKwh)} in peak hours` : ''}
        </dd>
        <dt>Works</dt>
        <dd>
          {scheduleSummary(settings.schedule)}
          {settings.idleOnly ? ', only while the computer is idle' : ''}
        </dd>
        <dt>Market</dt>
        <dd>{settings.marketMode === 'embedded' ? 'the embedded demo market (demo credits)' : settings.marketMode === 'coordinator' ? `a coordinator at ${settings.marketUrl}` : 'off: only jobs you submit run'}</dd>
      </dl>
      {estimate && <EstimateView estimate={estimate} energyMeasured={measured} />}
      <p className="small muted">Everything here can be changed later in Settings; the status line at the top always says what the GPU is doing and why, with Pause one click away.</p>
    </>
  )
}

export function Onboarding() {
  const [step, setStep] = useState<StepId>('gpus')
  const finish = useOnboardingStore((s) => s.finish)
  const go = useRoute((s) => s.go)
  const settings = useSettingsStore((s) => s.settings)
  const running = useBenchStore((s) => s.running)
  const saving = useSettingsStore((s) => s.saving)
  const heading = useRef<HTMLHeadingElement>(null)
  const index = steps.findIndex((s) => s.id === step)

  // Each step's heading takes the focus, so keyboard and screen-reader users start at its top.
  const first = useRef(true)
  useEffect(() => {
    if (first.current) {
      first.current = false
      return
    }
    heading.current?.focus()
  }, [step])

  const leave = (choice: 'done' | 'skipped') => {
    useSettingsStore.getState().clearErrors()
    void finish(choice)
    go('overview')
  }
  const next = () => setStep(steps[Math.min(steps.length - 1, index + 1)]!.id)
  const back = () => setStep(steps[Math.max(0, index - 1)]!.id)

  const titles: Record<StepId, string> = {
    gpus: 'What Ingot found',
    benchmark: 'A quick benchmark',
    estimate: 'What this machine could earn',
    pricing: 'Your prices and hours',
    start: 'Ready'
  }

  return (
    <main className="onboarding" data-testid="onboarding" aria-labelledby="onboarding-h">
      <header className="onboarding-head">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          Ingot
        </div>
        <span id="onboarding-h" className="muted">
          Setup
        </span>
        <button type="button" className="onboarding-skip" data-testid="onboarding-skip" onClick={() => leave('skipped')}>
          Skip setup
        </button>
      </header>
      <ol className="onboarding-steps" aria-label="Setup steps">
        {steps.map((s, i) => (
          <li key={s.id} aria-current={s.id === step ? 'step' : undefined} className={i < index ? 'done' : undefined}>
            <span className="num">{i + 1}</span> {s.label}
          </li>
        ))}
      </ol>
      <section className="card onboarding-card" data-testid="onboarding-step" data-step={step} aria-labelledby="onboarding-step-h">
        <h1 id="onboarding-step-h" ref={heading} tabIndex={-1}>
          <span className="muted small">
            Step {index + 1} of {steps.length} ·{' '}
          </span>
          {titles[step]}
        </h1>
        {step === 'gpus' && <GpusStep />}
        {step === 'benchmark' && <BenchmarkStep />}
        {step === 'estimate' && <EstimateStep onBack={back} />}
        {step === 'pricing' && (settings ? <PricingStep settings={settings} onSaved={next} /> : <p className="muted">Loading settings…</p>)}
        {step === 'start' && <StartStep />}
        <div className="onboarding-nav">
          {index > 0 && (
            <button type="button" onClick={back}>
              Back
            </button>
          )}
          {step === 'pricing' ? (
            // Keyed apart: one button element reused as another would take this click's default action (a submit) with it.
            <button key="save" type="submit" form="onboarding-pricing" disabled={!settings || saving}>
              Save and continue
            </button>
          ) : step === 'start' ? (
            <button key="start" type="button" className="primary" data-testid="onboarding-start" onClick={() => leave('done')}>
              Start
            </button>
          ) : (
            <button key={`next-${step}`} type="button" className="primary" onClick={next} disabled={step === 'benchmark' && !!running}>
              {step === 'benchmark' && running ? 'Benchmark running…' : 'Next'}
            </button>
          )}
        </div>
      </section>
    </main>
  )
}
