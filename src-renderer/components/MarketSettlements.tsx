import { useEarningsStore } from '../stores/earningsStore'
import { hrefOf } from '../stores/routeStore'
import { formatTime, shortId } from './format'
import { kindLabels } from './jobText'
import { settlementOutcomeLabels } from './marketText'
import { exactMoney, formatMoney } from './money'

const outcomeTone = { full: 'ok', penalised: 'error', zero: 'error' } as const

/** Earnings: the market's recent settlements of this node's market jobs, each with the market's reason. */
export function MarketSettlements() {
  const settlements = useEarningsStore((s) => s.settlements)
  return (
    <section className="card" aria-labelledby="settlements-h" data-testid="market-settlements">
      <h2 id="settlements-h">Market settlements</h2>
      <p className="muted small">
        The market checks each result (with canaries only it knows) before it pays; the reason is the market’s own. Totals include penalties and fees, as entered in the
        ledger.
      </p>
      {settlements.length === 0 ? (
        <p className="muted" data-testid="settlements-empty">
          No market settlements yet — market jobs appear here once the market has checked and paid them.
        </p>
      ) : (
        <table className="table" aria-label="Market settlements">
          <thead>
            <tr>
              <th scope="col">Settled</th>
              <th scope="col">Job</th>
              <th scope="col">Kind</th>
              <th scope="col">Outcome</th>
              <th scope="col">Reason</th>
              <th scope="col" className="num">
                Total
              </th>
            </tr>
          </thead>
          <tbody>
            {settlements.map((s) => (
              <tr key={s.jobId} data-testid="settlement-row" data-outcome={s.outcome} data-job-id={s.jobId}>
                <td>{formatTime(s.settledAt)}</td>
                <td className="mono">
                  <a href={hrefOf('jobs', s.jobId)} title={s.jobId}>
                    {shortId(s.jobId)}
                  </a>
                </td>
                <td>{kindLabels[s.kind]}</td>
                <td className={`verdict-${outcomeTone[s.outcome]}`}>{settlementOutcomeLabels[s.outcome]}</td>
                <td>{s.reason}</td>
                <td className="num" title={exactMoney(s.totalMicro, s.currency)}>
                  {formatMoney(s.totalMicro, s.currency)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
