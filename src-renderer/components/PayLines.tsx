import type { JobDetail } from '../../src-preload/contract'
import { formatTime } from './format'
import { exactMoney, formatMoney } from './money'

/** The job's ledger rows (earning, penalties) and whether its buyer has settled. */
export function PayLines({ job }: { job: JobDetail }) {
  const finished = job.state === 'done'
  const awaitingMarket = job.source === 'market' && job.settledAt === null
  const accuracyBreached = job.verdict?.bounds.some((b) => b.bound === 'accuracy' && !b.met) ?? false
  return (
    <>
      <p className="small muted">
        Agreed price {formatMoney(job.price.microUnits, job.price.currency)} {job.price.unit === 'per1kItems' ? 'per 1,000 items' : 'per GPU-second'}; amounts from the
        hash-chained ledger.
      </p>
      {job.ledger.length === 0 ? (
        <p className="muted">
          {!finished
            ? 'Nothing is paid until the job finishes.'
            : awaitingMarket
              ? `Nothing in the ledger yet: the pay comes with the market’s settlement (this node’s own estimate: ${formatMoney(job.payMicro, job.currency)}).`
              : accuracyBreached
              ? 'Nothing was paid: the accuracy bound was breached, and wrong results are not paid.'
              : 'No pay was recorded for this job.'}
        </p>
      ) : (
        <table className="table" aria-label="Pay">
          <thead>
            <tr>
              <th scope="col" className="num">Seq</th>
              <th scope="col">When</th>
              <th scope="col">Kind</th>
              <th scope="col">Memo</th>
              <th scope="col" className="num">Amount</th>
            </tr>
          </thead>
          <tbody>
            {job.ledger.map((e) => (
              <tr key={e.seq} data-testid="pay-line">
                <td className="num">{e.seq}</td>
                <td>{formatTime(e.at)}</td>
                <td>{e.kind}</td>
                <td>{e.memo}</td>
                <td className="num" title={exactMoney(e.amountMicro, e.currency)}>
                  {formatMoney(e.amountMicro, e.currency, { sign: true })}
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={4}>
                Pay after penalties
              </th>
              <td className="num strong">{formatMoney(job.payMicro, job.currency)}</td>
            </tr>
          </tfoot>
        </table>
      )}
      {/* A market job's settlement has its own line (MarketSettlementLine). */}
      {finished && job.source === 'local' && (
        <p className="small" data-testid="job-settlement">
          {job.settledAt !== null ? `Settled ${formatTime(job.settledAt)} (a local job: this node is its own buyer).` : 'Pending: the buyer has not settled this job yet.'}
        </p>
      )}
    </>
  )
}
