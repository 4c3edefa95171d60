import { useEffect, useState } from 'react'
import { ingot } from '../bridge'
import { ExtraAppsEditor } from './ExtraAppsEditor'
import type { DraftProps } from './settingsDraft'

type HeavyApps = { launcherFolders: string[]; knownApps: string[] }

/** Settings → Games and heavy apps: what pauses the node by itself (the core's own lists), and the owner's own additions. */
export function HeavyAppsFieldset({ draft, set, fieldErrors }: DraftProps) {
  const [builtIn, setBuiltIn] = useState<HeavyApps | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    let live = true
    ingot.call('node.heavyApps').then(
      (lists) => live && setBuiltIn(lists),
      (err: Error) => live && setError(err.message)
    )
    return () => {
      live = false
    }
  }, [])
  return (
    <fieldset>
      <legend>Games and heavy apps</legend>
      <p className="fieldset-note">
        The node pauses within seconds while a game or heavy app runs, and gives the GPU back at once: a running job goes back to the queue. Any program computing on an
        NVIDIA GPU pauses it too.
      </p>
      {builtIn ? (
        <details className="heavy-apps-builtin" data-testid="heavy-apps-builtin">
          <summary>
            Built in: every program run from {builtIn.launcherFolders.length} game-launcher folders, and {builtIn.knownApps.length} known games and creative tools
          </summary>
          <p className="small">
            <strong>Launcher folders</strong> (anything started from inside them):{' '}
            {builtIn.launcherFolders.map((f, i) => (
              <span key={f}>
                {i > 0 && ', '}
                <code>{f}</code>
              </span>
            ))}
          </p>
          <p className="small">
            <strong>Programs</strong> (by file name, any folder):{' '}
            {builtIn.knownApps.map((a, i) => (
              <span key={a}>
                {i > 0 && ', '}
                <code>{a}</code>
              </span>
            ))}
          </p>
        </details>
      ) : (
        <p className="muted small">{error ? `The built-in list could not be read: ${error}` : 'Reading the built-in list…'}</p>
      )}
      <p className="fieldset-note">Add programs it doesn’t know:</p>
      <ExtraAppsEditor apps={draft.extraApps} onChange={(apps) => set('extraApps', apps)} error={fieldErrors.extraApps} />
      {draft.ignoredApps.length > 0 && (
        <div className="ignored-apps" data-testid="ignored-apps">
          <p className="fieldset-note">Never paused for (false alarms you dismissed):</p>
          <ul className="extra-apps-list">
            {draft.ignoredApps.map((app) => (
              <li key={app}>
                <span className="mono">{app}</span>
                <button type="button" aria-label={`Pause for ${app} again`} onClick={() => set('ignoredApps', draft.ignoredApps.filter((a) => a !== app))}>
                  Pause for it again
                </button>
              </li>
            ))}
          </ul>
          {fieldErrors.ignoredApps && (
            <small className="field-error" id="ignoredApps-error" role="alert">
              {fieldErrors.ignoredApps}
            </small>
          )}
        </div>
      )}
    </fieldset>
  )
}
