import { useEarningsStore } from '../stores/earningsStore'
import { count, formatTime, shortId } from './format'

/** The core recomputes the ledger's hash chain; the result names the first row that does not check. */
export function LedgerVerify() {
  const verification = useEarningsStore((s) => s.verification)
  const verifying = useEarningsStore((s) => s.verifying)
  const verify = useEarningsStore((s) => s.verify)
  return (
    <div className="ledger-verify">
      <button type="button" onClick={() => void verify()} disabled={verifying}>
        {verifying ? 'Verifying…' : 'Verify ledger'}
      </button>
      {verification && (
        <p className={`check check-${verification.ok ? 'ok' : 'error'}`} data-testid="ledger-verify-result" data-ok={String(verification.ok)} role={verification.ok ? 'status' : 'alert'}>
          {verification.ok
            ? `Ledger intact: ${count(verification.rows, 'row')}, every hash and link checks${verification.headHash ? `; head ${shortId(verification.headHash, 16)}` : ''}.`
            : `Ledger broken at row ${verification.firstBad?.seq ?? '?'}: ${verification.firstBad?.reason ?? 'unknown reason'} (${verification.rows.toLocaleString()} rows checked).`}{' '}
          <span className="muted small" title={verification.headHash ?? undefined}>
            Checked {formatTime(verification.checkedAt)}.
          </span>
        </p>
      )}
    </div>
  )
}
