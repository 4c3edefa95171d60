import { useState } from 'react'
import { fetchLedgerCsv } from '../stores/earningsStore'

/** Downloads every ledger row as CSV (exact amounts), as the core writes it. */
export function ExportCsvButton() {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const download = async () => {
    setBusy(true)
    setError(null)
    try {
      const csv = await fetchLedgerCsv()
      const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }))
      const a = document.createElement('a')
      a.href = url
      a.download = `ingot-ledger-${new Date().toISOString().slice(0, 10)}.csv`
      document.body.append(a)
      a.click()
      a.remove()
      setTimeout(() => URL.revokeObjectURL(url), 10_000)
    } catch (err) {
      setError((err as Error).message)
    } finally {
      setBusy(false)
    }
  }
  return (
    <>
      <button type="button" data-testid="export-csv" onClick={() => void download()} disabled={busy} title="Every ledger row, oldest first, amounts exact to the micro-unit">
        {busy ? 'Exporting…' : 'Export CSV'}
      </button>
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </>
  )
}
