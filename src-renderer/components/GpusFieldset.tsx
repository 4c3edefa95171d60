import { useEffect } from 'react'
import { useTelemetryStore } from '../stores/telemetryStore'
import { TextField } from './Field'
import { formatMiB } from './format'
import type { DraftProps } from './settingsDraft'

/** Settings → GPUs: which detected GPUs are offered to the market, and how much of their memory. */
export function GpusFieldset({ draft, set, fieldErrors }: DraftProps) {
  const inventory = useTelemetryStore((s) => s.inventory)
  const load = useTelemetryStore((s) => s.load)
  useEffect(() => {
    if (!inventory) void load()
  }, [inventory, load])
  const gpus = inventory?.gpus ?? []
  // Kept GPUs no longer detected stay listed, so the owner can offer them again.
  const missing = draft.disabledGpus.filter((key) => !gpus.some((g) => g.key === key))
  const share = Number(draft.vramSharePct)
  const offered = (mib: number | null) => (mib === null || !Number.isFinite(share) ? null : Math.floor((mib * share) / 100))
  const setOffered = (key: string, on: boolean) =>
    set('disabledGpus', on ? draft.disabledGpus.filter((k) => k !== key) : [...draft.disabledGpus.filter((k) => k !== key), key])

  return (
    <fieldset data-testid="gpus-fieldset">
      <legend>GPUs</legend>
      {!inventory ? (
        <p className="fieldset-note">Scanning hardware…</p>
      ) : gpus.length === 0 ? (
        <p className="fieldset-note" data-testid="gpus-none">
          No GPU found — Ingot computes on the CPU: slower, still real. {inventory.noGpuReason}
        </p>
      ) : (
        <p className="fieldset-note">A GPU you keep for yourself is neither offered to the market nor computed on; the others take market jobs.</p>
      )}
      {(gpus.length > 0 || missing.length > 0) && (
        <ul className="gpu-choices">
          {gpus.map((g) => {
            const on = !draft.disabledGpus.includes(g.key)
            const id = `gpu-offer-${g.index}`
            return (
              <li key={g.key} data-testid="gpu-choice" data-gpu={g.key}>
                <input id={id} type="checkbox" checked={on} onChange={(e) => setOffered(g.key, e.target.checked)} aria-describedby={`${id}-what`} />
                <label htmlFor={id}>Offer to the market</label>
                <span id={`${id}-what`}>
                  <strong>
                    GPU {g.index}: {g.name}
                  </strong>{' '}
                  <span className="muted small">
                    {g.vramMiB !== null ? `${formatMiB(g.vramMiB)}${on ? `, ${formatMiB(offered(g.vramMiB))} offered` : ', kept for you'}` : 'memory not reported'}
                  </span>
                </span>
              </li>
            )
          })}
          {missing.map((key) => (
            <li key={key} data-testid="gpu-choice" data-gpu={key}>
              <input id={`gpu-offer-${key}`} type="checkbox" checked={false} onChange={() => setOffered(key, true)} aria-describedby={`gpu-offer-${key}-what`} />
              <label htmlFor={`gpu-offer-${key}`}>Offer to the market</label>
              <span id={`gpu-offer-${key}-what`}>
                <span className="mono">{key}</span> <span className="muted small">kept for you; not detected now</span>
              </span>
            </li>
          ))}
        </ul>
      )}
      {fieldErrors.disabledGpus && (
        <small className="field-error" id="disabledGpus-error" role="alert">
          {fieldErrors.disabledGpus}
        </small>
      )}
      <TextField
        id="vramSharePct"
        label="VRAM offered (%)"
        hint="10–100 %. The share of each offered GPU’s memory that market jobs may use; the rest stays free for you."
        error={fieldErrors.vramSharePct}
        value={draft.vramSharePct}
        numeric
        onChange={(v) => set('vramSharePct', v)}
      />
    </fieldset>
  )
}
