/** How a currency is named next to an amount: demo-market money is always "demo credits". */
export function currencyLabel(currency: string): string {
  return currency === 'DEMO' ? 'demo credits' : currency
}

/** The user's decimal mark, as toLocaleString writes it. */
const DECIMAL = (1.5).toLocaleString().charAt(1)

/**
 * Integer micro-units (1 unit = 1,000,000) as the exact decimal the core stored, never through a
 * float: "1.25", "0.000125", "−3.00". At least two decimals, trailing zeros beyond them dropped.
 */
export function formatMicro(micro: number, { sign = false }: { sign?: boolean } = {}): string {
  const negative = micro < 0
  const abs = Math.abs(Math.trunc(micro))
  const whole = Math.floor(abs / 1_000_000)
  // Six digits less up to four trailing zeros: never fewer than two.
  const frac = String(abs % 1_000_000)
    .padStart(6, '0')
    .replace(/0{1,4}$/, '')
  const text = `${whole.toLocaleString()}${DECIMAL}${frac}`
  return negative ? `−${text}` : sign && abs > 0 ? `+${text}` : text
}

/** An amount with its currency: "1.25 demo credits", "−0.40 USD". */
export function formatMoney(micro: number | null | undefined, currency: string, options?: { sign?: boolean }): string {
  if (micro === null || micro === undefined) return '—'
  return `${formatMicro(micro, options)} ${currencyLabel(currency)}`
}

/** The exact stored amount, six decimals, for tooltips. */
export function exactMoney(micro: number, currency: string): string {
  const abs = Math.abs(micro)
  return `${micro < 0 ? '−' : ''}${Math.floor(abs / 1_000_000)}${DECIMAL}${String(abs % 1_000_000).padStart(6, '0')} ${currencyLabel(currency)} (${micro} micro-units)`
}

/** About this much: three significant digits, so a prediction does not pose as an exact sum. */
export function approxMicro(micro: number): number {
  const abs = Math.abs(micro)
  if (abs < 1000) return Math.round(micro)
  const drop = 10 ** Math.max(0, Math.floor(Math.log10(abs)) + 1 - 3)
  return Math.round(micro / drop) * drop
}

/** A predicted amount as "about" reads it: three significant digits, no padding zeros ("102", "0.0123"). */
export function formatApprox(micro: number): string {
  return (approxMicro(micro) / 1_000_000).toLocaleString(undefined, { maximumSignificantDigits: 3 })
}
