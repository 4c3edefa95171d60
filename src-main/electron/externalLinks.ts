import type { Shell } from 'electron'

/**
 * The only pages the app opens in the user's browser: exact https URLs (the project's own pages).
 * A link from the renderer must match one of them after normalising; anything else stays closed.
 */
export const externalPages = ['https://github.com/ingot-node/ingot', 'https://github.com/ingot-node/ingot/releases', 'https://github.com/ingot-node/ingot/issues'] as const

/** The allow-listed page a URL names (https, no user:password@, default port, fragment ignored), or null. */
function allowedPage(url: string): (typeof externalPages)[number] | null {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return null
  }
  if (u.protocol !== 'https:' || u.username || u.password || u.port !== '') return null
  // URL lowercases the host and turns IDN homographs into punycode (xn--…), so they miss the list.
  u.hash = ''
  return externalPages.find((p) => p === u.href) ?? null
}

/** May `shell.openExternal` open this URL? */
export const externalUrlAllowed = (url: string): boolean => allowedPage(url) !== null

/**
 * The one place the app calls `shell.openExternal`, and only ever with a string literal: no text
 * from a page reaches it, and Electronegativity's OPEN_EXTERNAL check has nothing to flag.
 */
export function openIfAllowed(shell: Pick<Shell, 'openExternal'>, url: string): void {
  const page = allowedPage(url)
  // A failure (no browser registered) is not the page's business, and must not go unhandled.
  const quiet = (p: Promise<void>) => void p.catch(() => undefined)
  if (page === 'https://github.com/ingot-node/ingot') quiet(shell.openExternal('https://github.com/ingot-node/ingot'))
  else if (page === 'https://github.com/ingot-node/ingot/releases') quiet(shell.openExternal('https://github.com/ingot-node/ingot/releases'))
  else if (page === 'https://github.com/ingot-node/ingot/issues') quiet(shell.openExternal('https://github.com/ingot-node/ingot/issues'))
}
