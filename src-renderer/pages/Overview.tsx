import { useEffect } from 'react'
import { useNow } from '../components/useNow'
import { EmptyState } from '../components/EmptyState'
import { formatDuration } from '../components/formatDuration'
import { GpuTile, HostTile } from '../components/GpuTile'
import { useNodeStore } from '../stores/nodeStore'
import { useTelemetryStore } from '../stores/telemetryStore'

export function Overview() {
  const info = useNodeStore((s) => s.info)
  const status = useNodeStore((s) => s.status)
  const { inventory, latest, sampler, load } = useTelemetryStore()
  const now = useNow()
  useEffect(() => {
    void load()
  }, [load])
  return (
    <div className="page">
      <h1>Overview</h1>
      <div className="grid">
        <section className="card" aria-labelledby="node-h">
          <h2 id="node-h">This node</h2>
          {info && (
            <dl className="facts">
              <dt>Version</dt>
              <dd>{info.version}</dd>
              <dt>Running as</dt>
              <dd>{info.shell === 'desktop' ? `desktop app (Electron ${info.electronVersion ?? '?'})` : `headless node (Node ${info.nodeVersion})`}</dd>
              <dt>Up for</dt>
              <dd data-testid="uptime">{formatDuration(now - info.startedAt)}</dd>
              <dt>Platform</dt>
              <dd>
                {info.platform} / {info.arch}
              </dd>
              <dt>Data</dt>
              <dd className="mono">{info.dataDir}</dd>
            </dl>
          )}
        </section>
        <section className="card" aria-labelledby="market-h">
          <h2 id="market-h">Market</h2>
          <p>{status?.marketConnected ? 'Connected' : 'Not connected — no market is configured in this version yet, so no jobs are offered.'}</p>
        </section>
      </div>
      <EmptyState title="No earnings yet">
        Nothing has been earned or recorded. Net earnings (pay minus measured energy cost) appear here after the first settled job; demo-market
        money is always shown as demo credits.
      </EmptyState>
      <h2 className="section-h">Live readings</h2>
      {sampler && sampler.state !== 'running' && (
        <p className="stale-note" role="status">
          Sampler {sampler.state}
          {sampler.detail ? ` — ${sampler.detail}` : ''}
        </p>
      )}
      {inventory && inventory.gpus.length === 0 && <EmptyState title="No GPU found">{inventory.noGpuReason}</EmptyState>}
      <div className="tiles">
        {inventory?.gpus.map((gpu) => <GpuTile key={gpu.key} gpu={gpu} sample={latest[gpu.key]} />)}
        <HostTile sample={latest.host} name={inventory?.host.hostname ?? 'this machine'} />
      </div>
    </div>
  )
}
