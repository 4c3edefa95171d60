import { EmptyState } from '../components/EmptyState'
import { useNodeStore } from '../stores/nodeStore'

export function Hardware() {
  const info = useNodeStore((s) => s.info)
  return (
    <div className="page">
      <h1>Hardware</h1>
      <EmptyState title="No hardware scan yet">
        This version does not detect GPUs or run benchmarks yet. When it does, each GPU appears here with its memory, driver, live readings and
        benchmark results{info ? ` (this machine: ${info.platform} / ${info.arch})` : ''}.
      </EmptyState>
    </div>
  )
}
