import type { MarketOffer } from '../../src-preload/contract'
import { hrefOf } from '../stores/routeStore'
import { formatMs, formatTime, shortId } from './format'
import { kindLabels } from './jobText'
import { skipReasonLabels, unitLabels } from './marketText'
import { exactMoney, formatMoney } from './money'

function Price({ micro, offer }: { micro: number | null; offer: MarketOffer }) {
  if (micro === null) return <span className="muted">—</span>
  return (
    <span title={`${exactMoney(micro, offer.currency)} ${unitLabels[offer.unit]}`}>
      {formatMoney(micro, offer.currency)} <span className="unit">{unitLabels[offer.unit]}</span>
    </span>
  )
}

function Decision({ offer }: { offer: MarketOffer }) {
  if (offer.decision === 'bid') return <span title={offer.predictedRunMs !== null ? `Predicted run ${formatMs(offer.predictedRunMs)}` : undefined}>Bid</span>
  return (
    <>
      Skipped: {offer.reason ? skipReasonLabels[offer.reason] : 'no reason recorded'}
      <br />
      <span className="small muted">{offer.detail}</span>
    </>
  )
}

function Outcome({ offer }: { offer: MarketOffer }) {
  if (offer.outcome === 'won') return <span className="chip chip-ok">won</span>
  if (offer.outcome === 'lost') return <span className="chip chip-error">lost</span>
  return <span className="muted">{offer.decision === 'bid' ? 'waiting' : '—'}</span>
}

/** Offers the node saw, newest first: what the buyer offered, what the node did and why, and what came of it. */
export function OfferTable({ offers }: { offers: MarketOffer[] }) {
  return (
    <table className="table offers-table" aria-label="Recent offers">
      <thead>
        <tr>
          <th scope="col">Seen</th>
          <th scope="col">Offer</th>
          <th scope="col" className="num">
            Buyer’s maximum
          </th>
          <th scope="col">Decision</th>
          <th scope="col" className="num">
            Your bid
          </th>
          <th scope="col">Outcome</th>
          <th scope="col" className="num">
            Winning bid
          </th>
          <th scope="col">Job</th>
        </tr>
      </thead>
      <tbody>
        {offers.map((o) => (
          <tr key={o.offerId} data-testid="offer-row" data-decision={o.decision} data-outcome={o.outcome ?? ''}>
            <td>{formatTime(o.seenAt)}</td>
            <td>
              {o.title}
              <br />
              <span className="small muted">
                {kindLabels[o.kind]} · {o.items.toLocaleString()} items
              </span>
            </td>
            <td className="num">
              <Price micro={o.maxMicro} offer={o} />
            </td>
            <td>
              <Decision offer={o} />
            </td>
            <td className="num">
              <Price micro={o.bidMicro} offer={o} />
            </td>
            <td>
              <Outcome offer={o} />
            </td>
            <td className="num">
              <Price micro={o.winningMicro} offer={o} />
            </td>
            <td className="mono">
              {o.jobId ? (
                <a href={hrefOf('jobs', o.jobId)} title={`Job ${o.jobId}`}>
                  {shortId(o.jobId)}
                </a>
              ) : (
                '—'
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
