import { useEffect } from 'react'
import type { MarketStatus } from '../../src-preload/contract'
import { EmptyState } from '../components/EmptyState'
import { MarketStatusCard } from '../components/MarketStatusCard'
import { marketCurrency, marketOffText } from '../components/marketText'
import { OfferTable } from '../components/OfferTable'
import { WhyNoJobsPanel } from '../components/WhyNoJobsPanel'
import { useMarketStore, watchMarket } from '../stores/marketStore'
import { hrefOf } from '../stores/routeStore'
import { useSettingsStore } from '../stores/settingsStore'

const SOURCE = 'From the node’s offer log: every offer it saw, what it decided and why, and what came of it.'

/** What an empty offer log means while the market runs. */
function noOffersText(status: MarketStatus): string {
  const which = status.mode === 'embedded' ? 'demo market' : 'coordinator'
  if (status.state === 'connecting') return `The market is connecting (${which}). Offers appear here as buyers post them, each with what this node decided and why.`
  if (status.state === 'disconnected') return `The link to the ${which} is down; Ingot reconnects by itself. Offers appear here once it is back.`
  return `Connected to the ${which}; no buyer has posted work yet. Each offer will be listed with what this node decided and why.`
}

export function Market() {
  const { status, offers, why, whyHours, loaded, error, setWhyHours } = useMarketStore()
  const chosen = useSettingsStore((s) => s.settings?.marketMode)
  useEffect(() => watchMarket(), [])

  const off = status?.mode === 'off'
  const noOffers = loaded && offers.length === 0 && (why?.seen ?? 0) === 0
  return (
    <div className="page">
      <div className="page-head">
        <h1>Market</h1>
        <span className="muted small" title={SOURCE}>
          from the node’s offer log
        </span>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {!status && !error && <p className="muted">Loading the market…</p>}
      {status && !off && <MarketStatusCard status={status} />}
      {off && (
        <EmptyState title="Market is off">
          {marketOffText(status, chosen)} <a href={hrefOf('settings')}>Open market settings</a>
        </EmptyState>
      )}
      {status && !off && noOffers && <EmptyState title="No offers yet">{noOffersText(status)}</EmptyState>}
      {loaded && !noOffers && (
        <>
          <WhyNoJobsPanel why={why} hours={whyHours} onHours={setWhyHours} currency={marketCurrency(status, offers)} />
          <section className="card" aria-labelledby="offers-h">
            <h2 id="offers-h">Recent offers</h2>
            {offers.length === 0 ? <p className="muted">No offers recorded.</p> : <OfferTable offers={offers} />}
            <p className="muted small">Newest first, the latest {offers.length >= 50 ? '50' : offers.length}. Prices are what each buyer set, per the unit shown; a won offer links to its job.</p>
          </section>
        </>
      )}
    </div>
  )
}
