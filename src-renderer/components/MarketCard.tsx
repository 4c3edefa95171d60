import { useEffect } from 'react'
import { useMarketStore } from '../stores/marketStore'
import { hrefOf } from '../stores/routeStore'
import { useSettingsStore } from '../stores/settingsStore'
import { marketName, marketOffText, stateLabels } from './marketText'

const stateTone = { connected: 'chip-ok', connecting: 'chip-warn', disconnected: 'chip-error', off: '' } as const

/** Overview: which market, whether the link is up, and what it brought since the node started. */
export function MarketCard() {
  const status = useMarketStore((s) => s.status)
  const loadStatus = useMarketStore((s) => s.loadStatus)
  const chosen = useSettingsStore((s) => s.settings?.marketMode)
  useEffect(() => {
    void loadStatus()
  }, [loadStatus])
  return (
    <section className="card" aria-labelledby="market-card-h" data-testid="overview-market">
      <h2 id="market-card-h">Market</h2>
      {!status ? (
        <p className="muted">Loading…</p>
      ) : status.mode === 'off' ? (
        <p className="muted">
          Market is off. {marketOffText(status, chosen)} <a href={hrefOf('settings')}>Open market settings</a>
        </p>
      ) : (
        <>
          <p>
            <span className={`chip ${stateTone[status.state]}`}>{stateLabels[status.state]}</span> {marketName(status)}
          </p>
          <p className="small muted">
            <span className="num">{status.won.toLocaleString()}</span> won · <span className="num">{status.settled.toLocaleString()}</span> settled since the node started.{' '}
            <a href={hrefOf('market')}>Market</a>
          </p>
        </>
      )}
    </section>
  )
}
