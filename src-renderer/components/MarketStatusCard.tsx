import type { MarketStatus } from '../../src-preload/contract'
import { formatTime } from './format'
import { formatDuration } from './formatDuration'
import { stateLabels } from './marketText'
import { useNow } from './useNow'

/** The link to the market as the core reports it, and what has passed over it since the node started. */
export function MarketStatusCard({ status }: { status: MarketStatus }) {
  const now = useNow()
  return (
    <section className="card" aria-labelledby="market-status-h" data-testid="market-status">
      <h2 id="market-status-h">Connection</h2>
      <dl className="facts">
        <dt>Market</dt>
        <dd>
          {status.mode === 'embedded' ? (
            'Embedded demo market — demo buyers, paid in demo credits'
          ) : status.mode === 'coordinator' ? (
            <span className="mono">{status.market}</span>
          ) : (
            'None'
          )}
        </dd>
        <dt>State</dt>
        <dd data-testid="market-state" data-state={status.state}>
          {stateLabels[status.state]} since {formatTime(status.since)} ({formatDuration(now - status.since)})
        </dd>
        <dt title="The key that signed the market's welcome; a different key later is refused">Market key</dt>
        <dd className="mono">{status.marketKeyId ?? '—'}</dd>
        {status.lastError && (
          <>
            <dt>Last error</dt>
            <dd className="field-error">{status.lastError}</dd>
          </>
        )}
        <dt>Since the node started</dt>
        <dd>
          <MarketCounts status={status} />
        </dd>
      </dl>
    </section>
  )
}

function MarketCounts({ status }: { status: MarketStatus }) {
  const counts: [number, string, string][] = [
    [status.offersSeen, 'offer seen', 'offers seen'],
    [status.bids, 'bid', 'bids'],
    [status.won, 'won', 'won'],
    [status.lost, 'lost', 'lost'],
    [status.settled, 'settled', 'settled']
  ]
  return (
    <ul className="bounds-inline counts">
      {counts.map(([n, one, many]) => (
        <li key={many}>
          <span className="num">{n.toLocaleString()}</span> {n === 1 ? one : many}
        </li>
      ))}
    </ul>
  )
}
