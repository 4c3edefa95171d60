import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { isIP } from 'node:net'
import { join } from 'node:path'

export const COOKIE_NAME = 'ingot_token'

/**
 * INGOT_TOKEN wins; otherwise a token generated once and kept in the data dir (mode 0600), so a
 * bookmarked URL and the browser's cookie keep working across restarts.
 */
export function resolveToken(dataDir: string, env: NodeJS.ProcessEnv = process.env, names = { envVar: 'INGOT_TOKEN', file: 'headless-token' }): { token: string; source: 'env' | 'file' | 'generated' } {
  const given = env[names.envVar]
  if (given !== undefined && given !== '') {
    if (given.length < 16) throw new Error(`${names.envVar} is too short to guard the node: use at least 16 characters.`)
    return { token: given, source: 'env' }
  }
  const file = join(dataDir, names.file)
  if (existsSync(file)) {
    const stored = readFileSync(file, 'utf8').trim()
    if (stored.length >= 16) return { token: stored, source: 'file' }
  }
  const token = randomBytes(24).toString('base64url')
  writeFileSync(file, token + '\n', { mode: 0o600 })
  chmodSync(file, 0o600)
  return { token, source: 'generated' }
}

const digest = (s: string) => createHash('sha256').update(s).digest()

/** Constant-time comparison (hashing first makes the lengths equal). */
export function tokenMatches(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false
  return timingSafeEqual(digest(given), digest(expected))
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq < 1) continue
    const name = part.slice(0, eq).trim()
    try {
      out[name] = decodeURIComponent(part.slice(eq + 1).trim())
    } catch {
      // A malformed cookie is ignored, never fatal.
    }
  }
  return out
}

/** The token a request carries: Authorization: Bearer …, else the session cookie. */
export function requestToken(headers: { authorization?: string; cookie?: string }): string | undefined {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '')
  if (bearer) return bearer[1]
  return parseCookies(headers.cookie)[COOKIE_NAME]
}

/** Host header without its port; handles [v6]:port. */
export function hostName(host: string): string {
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']'))
  const colon = host.lastIndexOf(':')
  return colon === -1 ? host : host.slice(0, colon)
}

export const wildcard = new Set(['0.0.0.0', '::'])
export const isLoopback = (name: string) => name === 'localhost' || name === '::1' || (isIP(name) === 4 && name.startsWith('127.'))

/**
 * DNS-rebinding guard: a browser sends the attacker's domain name in Host, so only localhost, the
 * bound address (any IP address when bound to all interfaces) and names the operator allowed pass.
 */
export function hostAllowed(host: string | undefined, bound: string, allowedNames: readonly string[] = []): boolean {
  if (!host) return false
  const name = hostName(host).toLowerCase()
  if (name === '') return false
  if (isLoopback(name) || name === bound.toLowerCase() || allowedNames.includes(name)) return true
  return wildcard.has(bound) && isIP(name) !== 0
}

/** Cross-site writes: a browser's Origin must name this very host. */
export function originAllowed(origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined) return true
  try {
    return new URL(origin).host === host
  } catch {
    return false
  }
}
