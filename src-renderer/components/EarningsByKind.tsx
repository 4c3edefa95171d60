import type { EarningsSummary } from '../../src-preload/contract'
import { energyFigures, NOT_MEASURED } from './energyText'
import { kindLabels } from './jobText'
import { currencyLabel, exactMoney, formatMicro } from './money'

/** All-time totals per job kind and currency, from the core: earned, electricity and net side by side. */
export function EarningsByKind({ summary }: { summary: EarningsSummary }) {
  const rows = summary.byKind.flatMap((k) => k.totals.map((t) => ({ kind: k.kind, t })))
  if (rows.length === 0) return <p className="muted">No job has been paid yet.</p>
  const money = (micro: number, currency: string, hint?: string) => (
    <td className="num nowrap-num" title={hint ? `${exactMoney(micro, currency)}. ${hint}` : exactMoney(micro, currency)}>
      {formatMicro(micro)}
    </td>
  )
  return (
    <table className="table" aria-label="Earnings by job kind">
      <thead>
        <tr>
          <th scope="col">Kind</th>
          <th scope="col" className="num">Jobs</th>
          <th scope="col" className="num" title="Before penalties and fees">Gross pay</th>
          <th scope="col" className="num">Penalties</th>
          <th scope="col" className="num" title="Pay after penalties and fees">Earned</th>
          <th scope="col" className="num" title="Measured GPU power × your tariff at the time">Electricity</th>
          <th scope="col" className="num" title="Earned minus measured electricity">Net</th>
          <th scope="col" className="num">Pending</th>
          <th scope="col" className="num">Settled</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ kind, t }) => {
          const e = energyFigures(t)
          return (
            <tr key={`${kind}-${t.currency}`} data-testid="kind-row" data-kind={kind}>
              <td>
                {kindLabels[kind]} <span className="muted small">({currencyLabel(t.currency)})</span>
              </td>
              <td className="num">{t.jobs.toLocaleString()}</td>
              {money(t.earnedMicro, t.currency)}
              {money(t.penaltyMicro, t.currency)}
              {money(t.netMicro, t.currency)}
              {e.energyMicro === null ? (
                <td className="num muted small" title={e.source}>
                  {NOT_MEASURED}
                </td>
              ) : (
                money(-e.energyMicro, t.currency, e.source)
              )}
              {money(e.netMicro, t.currency, e.measured ? 'Earned minus measured electricity.' : 'Electricity not measured: net equals earned.')}
              {money(t.pendingMicro, t.currency)}
              {money(t.settledMicro, t.currency)}
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}
