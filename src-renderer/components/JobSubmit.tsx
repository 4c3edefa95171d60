import { useState, type ChangeEvent } from 'react'
import { useJobsStore } from '../stores/jobsStore'
import { hrefOf } from '../stores/routeStore'

/** Queue a job bundle (JSON) on this node: pasted or from a file. The core checks it before any compute. */
export function JobSubmit() {
  const submit = useJobsStore((s) => s.submit)
  const [text, setText] = useState('')
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState<{ ok: true; id: string } | { ok: false; message: string } | null>(null)

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0]
    if (file) setText(await file.text())
    e.target.value = ''
  }
  const onSubmit = async () => {
    let bundle: unknown
    try {
      bundle = JSON.parse(text)
    } catch (err) {
      return setResult({ ok: false, message: `This is not valid JSON: ${(err as Error).message}` })
    }
    setBusy(true)
    const r = await submit(bundle)
    setBusy(false)
    setResult(r.ok ? { ok: true, id: r.job.id } : r)
    if (r.ok) setText('')
  }

  return (
    <details className="card submit-job">
      <summary>Run a job yourself</summary>
      <p className="small muted">
        Paste a job bundle (JSON; see docs/PROTOCOL.md) or open a file, e.g. one written by <code>npm run ingot -- make-job mnist</code>. Local jobs run like market
        jobs — measured, judged, signed — and are paid from this node to itself.
      </p>
      <label htmlFor="bundle-text" className="visually-hidden">
        Job bundle JSON
      </label>
      <textarea id="bundle-text" className="mono" rows={6} value={text} onChange={(e) => setText(e.target.value)} placeholder='{ "id": …, "kind": "matmul", … }' />
      <div className="form-actions">
        <label className="file-button">
          Open file…
          <input type="file" accept=".json,application/json" onChange={(e) => void onFile(e)} />
        </label>
        <button type="submit" disabled={busy || text.trim() === ''} onClick={() => void onSubmit()}>
          {busy ? 'Submitting…' : 'Submit job'}
        </button>
        {result?.ok && (
          <span className="saved" role="status">
            Queued: <a href={hrefOf('jobs', result.id)}>job {result.id}</a>
          </span>
        )}
        {result && !result.ok && (
          <span className="field-error" role="alert">
            {result.message}
          </span>
        )}
      </div>
    </details>
  )
}
