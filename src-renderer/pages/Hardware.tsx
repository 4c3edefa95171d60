import { useEffect, useState } from 'react'
import type { MetricName } from '../../src-preload/contract'
import { metricInfo } from '../../src-preload/metricInfo'
import { BenchmarkPanel } from '../components/BenchmarkPanel'
import { EmptyState } from '../components/EmptyState'
import { formatMiB, formatValue } from '../components/format'
import { GpuDetails } from '../components/GpuDetails'
import { GpuTile, HostTile } from '../components/GpuTile'
import { HealthFlags } from '../components/HealthFlags'
import { HistoryChart, ranges, type RangeId } from '../components/HistoryChart'
import { useTelemetryStore } from '../stores/telemetryStore'

const metricsFor = (kind: 'gpu' | 'host') => (Object.keys(metricInfo) as MetricName[]).filter((m) => metricInfo[m].device === kind)

export function Hardware() {
  const { inventory, latest, sampler, processes, scanning, error, load, rescan, loadProcesses } = useTelemetryStore()
  const [device, setDevice] = useState<string>('host')
  const [metric, setMetric] = useState<MetricName>('cpuUtil')
  const [range, setRange] = useState<RangeId>('live')

  useEffect(() => {
    void load()
    void loadProcesses()
    const t = setInterval(() => void loadProcesses(), 5000)
    return () => clearInterval(t)
  }, [load, loadProcesses])

  if (!inventory) return <div className="page">{error ? <p className="field-error">{error}</p> : <p>Scanning hardware…</p>}</div>

  const liveGpus = inventory.gpus.filter((g) => g.live)
  const chartDevices = [...liveGpus.map((g) => ({ key: g.key, label: `GPU ${g.index}: ${g.name}`, kind: 'gpu' as const })), { key: 'host', label: `CPU and RAM (${inventory.host.hostname})`, kind: 'host' as const }]
  const selected = chartDevices.find((d) => d.key === device) ?? chartDevices[0]!
  const metricChoices = metricsFor(selected.kind)
  const chosenMetric = metricChoices.includes(metric) ? metric : metricChoices[0]!
  const selectedGpu = inventory.gpus.find((g) => g.key === selected.key)
  const limit = chosenMetric === 'tempC' ? selectedGpu?.temperatureLimitsC?.slowdown : chosenMetric === 'powerW' ? selectedGpu?.powerLimitW?.enforced : null

  return (
    <div className="page">
      <div className="page-head">
        <h1>Hardware</h1>
        <span className="muted small">Scanned {new Date(inventory.scannedAt).toLocaleString()}</span>
        <button type="button" onClick={() => void rescan()} disabled={scanning}>
          {scanning ? 'Scanning…' : 'Scan again'}
        </button>
      </div>
      {sampler && (
        <p className={`sampler sampler-${sampler.state}`} data-testid="sampler-status">
          Live readings: <strong>{sampler.state}</strong> every {formatValue(sampler.intervalMs / 1000, 's', sampler.intervalMs % 1000 ? 2 : 0)}
          {sampler.detail ? ` — ${sampler.detail}` : ''}
          {sampler.restarts > 0 ? ` (restarted ${sampler.restarts}×)` : ''}
        </p>
      )}
      {inventory.gpus.length === 0 && <EmptyState title="No GPU found">{inventory.noGpuReason}</EmptyState>}
      {inventory.gpus.map((gpu) => (
        <section key={gpu.key} className="card gpu-card" aria-labelledby={`gpu-${gpu.index}`} data-testid="gpu-card">
          <h2 id={`gpu-${gpu.index}`}>
            <span className="muted">GPU {gpu.index}</span> {gpu.name}
          </h2>
          <HealthFlags gpu={gpu} sample={latest[gpu.key]} />
          <div className="split">
            <GpuDetails gpu={gpu} />
            <GpuTile gpu={gpu} sample={latest[gpu.key]} />
          </div>
        </section>
      ))}
      <section className="card" aria-labelledby="host-h">
        <h2 id="host-h">This machine</h2>
        <div className="split">
          <dl className="facts">
            <div className="fact"><dt>CPU</dt><dd>{inventory.host.cpuModel}</dd></div>
            <div className="fact"><dt>Cores</dt><dd>{inventory.host.cpuCores} logical, {inventory.host.cpuPhysicalCores} physical{inventory.host.cpuSpeedGHz ? `, up to ${inventory.host.cpuSpeedGHz} GHz` : ''}</dd></div>
            <div className="fact"><dt>Memory</dt><dd>{formatMiB(inventory.host.ramMiB)}</dd></div>
            <div className="fact"><dt>System</dt><dd>{inventory.host.os}</dd></div>
            <div className="fact"><dt>nvidia-smi</dt><dd>{inventory.tools.nvidiaSmi.state === 'ok' ? 'working' : inventory.tools.nvidiaSmi.detail}</dd></div>
            <div className="fact"><dt>rocm-smi</dt><dd>{inventory.tools.rocmSmi.state === 'ok' ? 'working' : inventory.tools.rocmSmi.detail}</dd></div>
          </dl>
          <HostTile sample={latest.host} name={inventory.host.hostname} />
        </div>
      </section>
      <BenchmarkPanel />
      <section className="card" aria-labelledby="charts-h">
        <h2 id="charts-h">Charts</h2>
        <div className="chart-controls">
          <label>
            Device{' '}
            <select value={selected.key} onChange={(e) => setDevice(e.target.value)}>
              {chartDevices.map((d) => (
                <option key={d.key} value={d.key}>
                  {d.label}
                </option>
              ))}
            </select>
          </label>
          <label>
            Metric{' '}
            <select value={chosenMetric} onChange={(e) => setMetric(e.target.value as MetricName)}>
              {metricChoices.map((m) => (
                <option key={m} value={m}>
                  {metricInfo[m].label}
                </option>
              ))}
            </select>
          </label>
          <div role="group" aria-label="Period" className="segmented">
            {ranges.map((r) => (
              <button key={r.id} type="button" aria-pressed={range === r.id} onClick={() => setRange(r.id)}>
                {r.label}
              </button>
            ))}
          </div>
        </div>
        <HistoryChart device={selected.key} metric={chosenMetric} unit={metricInfo[chosenMetric].unit} label={metricInfo[chosenMetric].label} range={range} limit={limit} />
      </section>
      {liveGpus.some((g) => g.sources.includes('nvidia-smi')) && (
        <section className="card" aria-labelledby="procs-h">
          <h2 id="procs-h">Processes on the GPUs</h2>
          {processes.length === 0 ? (
            <p className="muted">No compute processes are using an NVIDIA GPU.</p>
          ) : (
            <table className="table">
              <thead>
                <tr><th scope="col">GPU</th><th scope="col">PID</th><th scope="col">Process</th><th scope="col" className="num">Memory</th></tr>
              </thead>
              <tbody>
                {processes.map((p) => (
                  <tr key={`${p.gpu}-${p.pid}`}>
                    <td>{inventory.gpus.find((g) => g.key === p.gpu)?.index ?? p.gpu}</td>
                    <td className="num">{p.pid}</td>
                    <td className="mono">{p.name}</td>
                    <td className="num">{formatMiB(p.usedMiB)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
    </div>
  )
}
