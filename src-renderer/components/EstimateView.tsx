import type { EarningsEstimate } from '../../src-preload/contract'
import { NOT_MEASURED } from './energyText'
import { formatValue } from './format'
import { skipReasonLabels } from './marketText'
import { approxMicro, currencyLabel, exactMoney, formatApprox } from './money'

const about = (micro: number, currency: string) => `${formatApprox(micro)} ${currencyLabel(currency)}`

/**
 * The market.estimate prediction as a person reads it: "about X demo credits a day, Y jobs;
 * electricity Z", always named a prediction, with its basis. `energyMeasured` false: nothing here
 * reads GPU power, so the electricity part says "not measured" rather than a 0 that looks measured.
 */
export function EstimateView({ estimate, energyMeasured }: { estimate: EarningsEstimate; energyMeasured: boolean }) {
  const c = estimate.currency
  const skipped = [...estimate.skipped].sort((a, b) => b.share - a.share)
  return (
    <div className="estimate" data-testid="onboarding-estimate">
      <p className="estimate-label">
        <span className="chip chip-wait">Prediction</span> expected from the {c === 'DEMO' ? 'demo market' : 'market'} over the next day
      </p>
      <p className="estimate-figure">
        About{' '}
        <strong className="num" title={`${exactMoney(estimate.perDayMicro, c)} predicted`}>
          {about(estimate.perDayMicro, c)}
        </strong>{' '}
        a day, from about <strong className="num">{(approxMicro(estimate.jobsPerDay * 1_000_000) / 1_000_000).toLocaleString()}</strong> {estimate.jobsPerDay === 1 ? 'job' : 'jobs'}; electricity{' '}
        {energyMeasured ? (
          <>
            <strong className="num" title="Predicted job times × measured GPU power × your electricity price">
              {about(estimate.energyPerDayMicro, c)}
            </strong>
            , leaving about <strong className="num">{about(estimate.netPerDayMicro, c)}</strong> net
          </>
        ) : (
          <>
            <span className="muted">{NOT_MEASURED}</span>, so net is the same
          </>
        )}
        .
      </p>
      <p className="small" data-testid="estimate-basis">
        {estimate.basis}
      </p>
      <p className="small muted">
        It would bid on {formatValue(100 * estimate.bidShare, '%', 0)} of the offers
        {skipped.length > 0 ? `; it would let the others pass: ${skipped.map((s) => `${skipReasonLabels[s.reason]} (${formatValue(100 * s.share, '%', 0)})`).join(', ')}` : ''}.{' '}
        {c === 'DEMO' ? 'Demo credits are not money: the demo market shows what this machine would win. ' : ''}What is actually paid shows in Earnings, from the ledger.
      </p>
    </div>
  )
}
