import { useEarningsStore } from '../stores/earningsStore'
import { hrefOf } from '../stores/routeStore'
import { formatTime, shortId } from './format'
import { exactMoney, formatMoney } from './money'

/** Ledger rows, newest first, each with the start of its hash (the full hash on hover). */
export function LedgerTable() {
  const ledger = useEarningsStore((s) => s.ledger)
  const more = useEarningsStore((s) => s.ledgerMore)
  const loadOlder = useEarningsStore((s) => s.loadOlder)
  if (ledger.length === 0) return <p className="muted">The ledger has no rows yet.</p>
  return (
    <>
      <table className="table ledger-table" aria-label="Ledger">
        <thead>
          <tr>
            <th scope="col" className="num">Seq</th>
            <th scope="col">Time</th>
            <th scope="col">Kind</th>
            <th scope="col">Job</th>
            <th scope="col" className="num">Amount</th>
            <th scope="col">Memo</th>
            <th scope="col">Hash</th>
          </tr>
        </thead>
        <tbody>
          {ledger.map((e) => (
            <tr key={e.seq} data-testid="ledger-row" data-seq={e.seq}>
              <td className="num">{e.seq}</td>
              <td>{formatTime(e.at)}</td>
              <td>{e.kind}</td>
              <td className="mono">
                {e.jobId ? (
                  <a href={hrefOf('jobs', e.jobId)} title={e.jobId}>
                    {shortId(e.jobId)}
                  </a>
                ) : (
                  '—'
                )}
              </td>
              <td className="num" title={exactMoney(e.amountMicro, e.currency)}>
                {formatMoney(e.amountMicro, e.currency, { sign: true })}
              </td>
              <td>{e.memo}</td>
              <td className="mono" title={`hash ${e.hash}\nprevious ${e.prevHash}`}>
                {e.hash.slice(0, 10)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {more && (
        <button type="button" className="more" onClick={() => void loadOlder()}>
          Show older rows
        </button>
      )}
    </>
  )
}
