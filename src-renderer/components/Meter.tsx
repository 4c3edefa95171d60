/** A labelled bar with its value, and a tick where a limit stands (temperature slowdown, power cap). */
export function Meter({ label, value, max, text, limit, limitLabel }: { label: string; value: number | null | undefined; max: number | null | undefined; text: string; limit?: number | null; limitLabel?: string }) {
  const known = value !== null && value !== undefined && !!max && max > 0
  const pct = known ? Math.max(0, Math.min(100, (value / max) * 100)) : 0
  const limitPct = limit && max ? Math.max(0, Math.min(100, (limit / max) * 100)) : null
  const over = known && limit !== null && limit !== undefined && value >= limit
  return (
    <div className="meter">
      <div className="meter-head">
        <span>{label}</span>
        <span className="num">{text}</span>
      </div>
      <div className="meter-track" role="meter" aria-label={label} aria-valuenow={known ? value : undefined} aria-valuemin={0} aria-valuemax={max ?? undefined} aria-valuetext={text}>
        <div className={`meter-fill${over ? ' meter-over' : ''}`} style={{ width: `${pct}%` }} />
        {limitPct !== null && <div className="meter-limit" style={{ left: `${limitPct}%` }} title={limitLabel} />}
      </div>
    </div>
  )
}
