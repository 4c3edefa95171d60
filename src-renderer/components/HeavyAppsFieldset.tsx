import { ExtraAppsEditor } from './ExtraAppsEditor'
import type { DraftProps } from './settingsDraft'

/** Settings → Games and heavy apps: what pauses the node by itself, and the owner's own additions. */
export function HeavyAppsFieldset({ draft, set, fieldErrors }: DraftProps) {
  return (
    <fieldset>
      <legend>Games and heavy apps</legend>
      <p className="fieldset-note">
        The node pauses within seconds while a game or heavy app runs, and gives the GPU back at once: a running job goes back to the queue. Built in: every game started from a
        launcher’s library (Steam, Epic, GOG, Riot, Battle.net, EA, Ubisoft, Xbox, Heroic, Lutris), well-known games outside them, and creative tools such as Blender,
        DaVinci Resolve, OBS, Premiere, After Effects, Unreal and Unity. Any other program computing on an NVIDIA GPU pauses it too. Add programs it doesn’t know:
      </p>
      <ExtraAppsEditor apps={draft.extraApps} onChange={(apps) => set('extraApps', apps)} error={fieldErrors.extraApps} />
    </fieldset>
  )
}
