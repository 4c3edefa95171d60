// Amounts the user types in credits, stored by the core as integer micro-units (1 credit =
// 1,000,000). Converted digit by digit: a float would turn "0.29" into 289999.99… micro-units.

const DECIMAL_TEXT = /^([+-]?)(\d*)(?:\.(\d*))?$/

/**
 * "0.05" → 50000, exactly. null when the text is not a plain decimal with at most six places
 * (the caller sends the raw text then, so the core names the field).
 */
export function creditsToMicro(text: string): number | null {
  const m = DECIMAL_TEXT.exec(text.trim())
  if (!m) return null
  const [, sign = '', whole = '', frac = ''] = m
  if (whole === '' && frac === '') return null
  if (frac.length > 6) return null
  const digits = `${whole}${frac.padEnd(6, '0')}`.replace(/^0+(?=\d)/, '')
  const micro = Number(digits)
  return sign === '-' && micro !== 0 ? -micro : micro
}

/** 50000 → "0.05", 1000000 → "1": the shortest exact decimal, '.' as the mark, for an input field. */
export function microToCredits(micro: number): string {
  const abs = Math.abs(Math.trunc(micro))
  const whole = Math.floor(abs / 1_000_000)
  const frac = String(abs % 1_000_000)
    .padStart(6, '0')
    .replace(/0+$/, '')
  return `${micro < 0 ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`
}
