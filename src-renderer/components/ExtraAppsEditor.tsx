import { useState, type KeyboardEvent } from 'react'

interface ExtraAppsEditorProps {
  apps: string[]
  onChange(apps: string[]): void
  /** The core's message for the list (it names the program it refused), shown under it. */
  error?: string
}

/** The owner's own programs that pause the node: a list to add to and remove from. The core checks each name on save. */
export function ExtraAppsEditor({ apps, onChange, error }: ExtraAppsEditorProps) {
  const [name, setName] = useState('')
  const [note, setNote] = useState<string | null>(null)

  const add = () => {
    const trimmed = name.trim()
    if (trimmed === '') return
    // The core matches names without regard to case or a Windows .exe.
    const key = (s: string) => s.toLowerCase().replace(/\.exe$/, '')
    if (apps.some((a) => key(a) === key(trimmed))) {
      setNote(`${trimmed} is already in the list.`)
      return
    }
    onChange([...apps, trimmed])
    setName('')
    setNote(null)
  }
  // Enter adds the name instead of submitting the whole form.
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Enter') return
    e.preventDefault()
    add()
  }

  return (
    <div className={`extra-apps${error ? ' field-invalid' : ''}`}>
      {apps.length === 0 ? (
        <p className="muted small" data-testid="extra-apps-empty">
          No programs of your own yet.
        </p>
      ) : (
        <ul className="extra-apps-list" aria-label="Your programs">
          {apps.map((app, i) => (
            // The core's message names the program it refused ("“a/b”: may hold…"): that one is marked.
            <li key={`${i}:${app}`} data-testid="extra-app" className={error?.startsWith(`“${app}”`) ? 'extra-app-invalid' : undefined}>
              <span className="mono">{app}</span>
              <button type="button" aria-label={`Remove ${app}`} onClick={() => onChange(apps.filter((_, j) => j !== i))}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="extra-apps-add">
        <label htmlFor="extraApps">Program name</label>
        <input
          id="extraApps"
          value={name}
          maxLength={100}
          placeholder="e.g. MyRenderer.exe"
          aria-describedby={`extraApps-hint${error ? ' extraApps-error' : ''}`}
          onChange={(e) => setName(e.target.value)}
          onKeyDown={onKeyDown}
        />
        <button type="button" disabled={name.trim() === ''} onClick={add}>
          Add
        </button>
      </div>
      <small id="extraApps-hint" className="muted">
        The program’s file name as the task manager shows it, without a folder; upper or lower case and a trailing .exe don’t matter.
      </small>
      {note && !error && (
        <small className="muted" role="status">
          {note}
        </small>
      )}
      {error && (
        <small className="field-error" id="extraApps-error" role="alert">
          {error}
        </small>
      )}
    </div>
  )
}
