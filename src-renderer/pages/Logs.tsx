import { useEffect, type ReactNode } from 'react'
import { count } from '../components/format'
import { PolicyLogTable } from '../components/PolicyLogTable'
import { SettingsHistoryTable } from '../components/SettingsHistoryTable'
import { hrefOf } from '../stores/routeStore'
import { LOG_LIMIT, useLogsStore, watchLogs } from '../stores/logsStore'

/** An empty log inside its card: what will fill it. */
function LogEmpty({ title, testId, children }: { title: string; testId?: string; children: ReactNode }) {
  return (
    <p className="log-empty" role="status" data-testid={testId}>
      <strong>{title}</strong> {children}
    </p>
  )
}

const shown = (n: number) => (n >= LOG_LIMIT ? `the latest ${LOG_LIMIT}` : count(n, 'row'))

/** Logs: why the node worked or paused, and every settings change — both as the core stored them. */
export function Logs() {
  const { policy, settings, loaded, error } = useLogsStore()
  useEffect(() => watchLogs(), [])

  return (
    <div className="page">
      <div className="page-head">
        <h1>Logs</h1>
        <span className="muted small" title="From the node’s policy log (kept 30 days) and its settings audit.">
          from the node’s own records
        </span>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {!loaded && !error && <p className="muted">Loading the logs…</p>}
      {loaded && (
        <>
          <section className="card" aria-labelledby="policy-log-h">
            <h2 id="policy-log-h">Why the node worked or paused</h2>
            {policy.length === 0 ? (
              <LogEmpty title="No decisions logged yet.">
                Each time the node starts or stops working — a game starts, the GPU runs hot, your schedule ends, you pause it — the change and its reason are listed here, kept for 30
                days.
              </LogEmpty>
            ) : (
              <>
                <PolicyLogTable changes={policy} />
                <p className="muted small">Newest first, {shown(policy.length)}. A row is written when the state or its reason changes; the detail is the status line at that moment.</p>
              </>
            )}
          </section>
          <section className="card" aria-labelledby="settings-log-h">
            <h2 id="settings-log-h">Settings changes</h2>
            {settings.length === 0 ? (
              <LogEmpty title="No settings changed yet." testId="settings-log">
                Every value is a default. Each change made in <a href={hrefOf('settings')}>Settings</a> or through the node’s API is listed here with its old and new value.
              </LogEmpty>
            ) : (
              <>
                <SettingsHistoryTable changes={settings} showSource testId="settings-log" />
                <p className="muted small">Newest first, {shown(settings.length)}.</p>
              </>
            )}
          </section>
        </>
      )}
    </div>
  )
}
