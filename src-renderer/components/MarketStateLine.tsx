import { useEffect } from 'react'
import { useMarketStore } from '../stores/marketStore'
import { marketStateText } from './marketText'

const stateTone = { connected: 'verdict-ok', connecting: 'muted', disconnected: 'verdict-error', off: 'muted' } as const

/**
 * Settings, next to the market choice: the link as it is now, pushed by the core as it changes.
 * unsaved: the form holds a market choice not saved yet, which the line does not describe.
 */
export function MarketStateLine({ unsaved }: { unsaved: boolean }) {
  const status = useMarketStore((s) => s.status)
  const loadStatus = useMarketStore((s) => s.loadStatus)
  useEffect(() => {
    void loadStatus()
  }, [loadStatus])
  return (
    <div className="field">
      <span id="market-state-label">Connection</span>
      <p className="small market-state-line" data-testid="settings-market-state" data-state={status?.state ?? ''} role="status" aria-labelledby="market-state-label">
        {!status ? (
          <span className="muted">Checking the market connection…</span>
        ) : (
          <>
            <span className={stateTone[status.state]}>{marketStateText(status)}</span>
            {unsaved && <span className="muted"> · your change applies once saved</span>}
          </>
        )}
      </p>
    </div>
  )
}
