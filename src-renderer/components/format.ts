/** Numbers as the user reads them: fixed decimals, unit after a thin space, "—" when not reported. */
export function formatValue(value: number | null | undefined, unit: string, decimals = 0): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—'
  const n = value.toLocaleString(undefined, { minimumFractionDigits: decimals, maximumFractionDigits: decimals })
  return unit ? `${n} ${unit}` : n
}

/** MiB as MiB or GiB, whichever reads better. */
export function formatMiB(mib: number | null | undefined): string {
  if (mib === null || mib === undefined) return '—'
  return mib >= 1024 ? formatValue(mib / 1024, 'GiB', 1) : formatValue(mib, 'MiB')
}

/** A span of milliseconds: "85.3 ms" under a second, "4.2 s" under a minute, else "3 min 12 s". */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return '—'
  if (ms < 1000) return formatValue(ms, 'ms', ms < 10 ? 2 : 1)
  if (ms < 60_000) return formatValue(ms / 1000, 's', 1)
  const s = Math.round(ms / 1000)
  return s < 3600 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`
}

/** A long id or digest, shortened for a table cell; the full text belongs in a title. */
export function shortId(id: string, keep = 8): string {
  return id.length <= keep + 2 ? id : `${id.slice(0, keep)}…`
}

/** A time as the user reads it, in local time. */
export function formatTime(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? '—' : new Date(ms).toLocaleString()
}

/** "1 job", "3 jobs". */
export function count(n: number, noun: string): string {
  return `${n.toLocaleString()} ${noun}${n === 1 ? '' : 's'}`
}
