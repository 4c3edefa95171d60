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
