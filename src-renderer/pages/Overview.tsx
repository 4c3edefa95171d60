import { useEffect } from 'react'
import { CurrentJob } from '../components/CurrentJob'
import { useNow } from '../components/useNow'
import { EmptyState } from '../components/EmptyState'
import { formatDuration } from '../components/formatDuration'
import { GpuTile, HostTile } from '../components/GpuTile'
import { MarketCard } from '../components/MarketCard'
import { SlaComplianceCard } from '../components/SlaComplianceCard'
import { TodayEarnings } from '../components/TodayEarnings'
import { useEarningsStore } from '../stores/earningsStore'
import { useJobsStore } from '../stores/jobsStore'
import { useNodeStore } from '../stores/nodeStore'
import { useTelemetryStore } from '../stores/telemetryStore'

export function Overview() {
  const info = useNodeStore((s) => s.info)
  const { inventory, latest, sampler, load } = useTelemetryStore()
  const now = useNow()
  const earnings = useEarningsStore((s) => s.earnings)
  const sla30 = useEarningsStore((s) => s.sla[30] ?? null)
  const loadEarnings = useEarningsStore((s) => s.load)
  const loadJobs = useJobsStore((s) => s.load)
  useEffect(() => {
    void load()
    void loadEarnings()
    void loadJobs()
  }, [load, loadEarnings, loadJobs])
  const nothingEarned = earnings !== null && earnings.periods.every((p) => p.totals.length === 0)
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
        <MarketCard />
      </div>
      <div className="grid grid-top">
        {nothingEarned ? (
          <EmptyState title="No earnings yet">
            Nothing has been earned or recorded. Today&apos;s net appears here after the first paid job, from the hash-chained ledger; demo-market money is always
            shown as demo credits. Next to it: the electricity the GPUs drew for it, where GPU power is measured, and the net after it.
          </EmptyState>
        ) : (
          earnings && <TodayEarnings summary={earnings} />
        )}
        <CurrentJob />
        <SlaComplianceCard summary={sla30} />
      </div>
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
