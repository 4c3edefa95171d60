import type { EarningsSummary } from '../../src-preload/contract'
import { kindLabels } from './jobText'
import { exactMoney, formatMoney } from './money'

/** All-time totals per job kind and currency, from the core. */
export function EarningsByKind({ summary }: { summary: EarningsSummary }) {
  const rows = summary.byKind.flatMap((k) => k.totals.map((t) => ({ kind: k.kind, t })))
  if (rows.length === 0) return <p className="muted">No job has been paid yet.</p>
  const money = (micro: number, currency: string) => (
    <td className="num" title={exactMoney(micro, currency)}>
      {formatMoney(micro, currency)}
    </td>
  )
  return (
    <table className="table" aria-label="Earnings by job kind">
      <thead>
        <tr>
          <th scope="col">Kind</th>
          <th scope="col" className="num">Jobs</th>
          <th scope="col" className="num">Earned</th>
          <th scope="col" className="num">Penalties</th>
          <th scope="col" className="num">Net</th>
          <th scope="col" className="num">Pending</th>
          <th scope="col" className="num">Settled</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ kind, t }) => (
          <tr key={`${kind}-${t.currency}`}>
            <td>{kindLabels[kind]}</td>
            <td className="num">{t.jobs.toLocaleString()}</td>
            {money(t.earnedMicro, t.currency)}
            {money(t.penaltyMicro, t.currency)}
            {money(t.netMicro, t.currency)}
            {money(t.pendingMicro, t.currency)}
            {money(t.settledMicro, t.currency)}
          </tr>
        ))}
      </tbody>
    </table>
  )
}
