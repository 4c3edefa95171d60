import fc from 'fast-check'
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { tempDir } from '../core/test/tempCore'
import { hostAllowed, originAllowed, parseCookies, requestToken, resolveToken, tokenMatches } from './auth'

const dirs: { remove(): void }[] = []
afterEach(() => dirs.splice(0).forEach((d) => d.remove()))

describe('token', () => {
  it('uses INGOT_TOKEN when set, without writing a file', () => {
    const d = tempDir()
    dirs.push(d)
    expect(resolveToken(d.dir, { INGOT_TOKEN: 'from-env-token-123' })).toEqual({ token: 'from-env-token-123', source: 'env' })
  })

  it('refuses an INGOT_TOKEN too short to guard anything', () => {
    const d = tempDir()
    dirs.push(d)
    expect(() => resolveToken(d.dir, { INGOT_TOKEN: 'a' })).toThrow(/at least 16 characters/)
  })

  it('generates a token once, keeps it private, and reuses it', () => {
    const d = tempDir()
    dirs.push(d)
    const first = resolveToken(d.dir, {})
    expect(first.source).toBe('generated')
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{32}$/)
    expect(statSync(join(d.dir, 'headless-token')).mode & 0o777).toBe(0o600)
    expect(resolveToken(d.dir, {})).toEqual({ token: first.token, source: 'file' })
  })

  it('compares tokens exactly', () => {
    expect(tokenMatches('abc', 'abc')).toBe(true)
    expect(tokenMatches('abd', 'abc')).toBe(false)
    expect(tokenMatches('abcd', 'abc')).toBe(false)
    expect(tokenMatches('', 'abc')).toBe(false)
    expect(tokenMatches(undefined, 'abc')).toBe(false)
  })

  it('compares across unequal lengths, unicode and empty strings without throwing', () => {
    // timingSafeEqual throws on unequal lengths: hashing first is what makes these safe.
    expect(tokenMatches('a'.repeat(10_000), 'abc')).toBe(false)
    expect(tokenMatches('abc', 'a'.repeat(10_000))).toBe(false)
    expect(tokenMatches('', '')).toBe(true)
    expect(tokenMatches('x', '')).toBe(false)
    expect(tokenMatches('tökén-🔑', 'tökén-🔑')).toBe(true)
    expect(tokenMatches('tökén-🔑', 'token-🔑')).toBe(false)
    // Same UTF-16 length, different bytes; and the NFC/NFD forms of é are different tokens.
    expect(tokenMatches('é', 'e')).toBe(false)
    expect(tokenMatches('\u00e9', 'e\u0301')).toBe(false)
    expect(tokenMatches('abc\0', 'abc')).toBe(false)
  })

  it('matches exactly when the strings are equal (fuzzed)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
        expect(tokenMatches(a, b)).toBe(a === b)
        expect(tokenMatches(a, a)).toBe(true)
      }),
      { numRuns: 1000 }
    )
  })

  it('reads the bearer header first, then the cookie', () => {
    expect(requestToken({ authorization: 'Bearer t1', cookie: 'ingot_token=t2' })).toBe('t1')
    expect(requestToken({ authorization: 'bearer  t3 ' })).toBe('t3')
    expect(requestToken({ cookie: 'a=1; ingot_token=t2; b=3' })).toBe('t2')
    expect(requestToken({ authorization: 'Basic dXNlcjpwYXNz' })).toBeUndefined()
    expect(requestToken({})).toBeUndefined()
  })

  it('survives malformed cookies', () => {
    expect(parseCookies('=x; ingot_token=%E0%A4%A; ok=1; junk')).toEqual({ ok: '1' })
  })
})

describe('host and origin checks', () => {
  it.each([
    ['127.0.0.1:7420', true],
    ['127.0.0.2', true],
    ['localhost:7420', true],
    ['LOCALHOST', true],
    ['[::1]:7420', true],
    ['192.168.1.20:7420', false],
    ['rig.lan:7420', false],
    ['evil.example', false],
    ['localhost.evil.example:7420', false],
    ['', false],
    [undefined, false]
  ])('bound to 127.0.0.1: Host %s → %s', (host, ok) => {
    expect(hostAllowed(host, '127.0.0.1')).toBe(ok)
  })

  it('accepts the bound address, any IP when bound to all interfaces, and allowed names', () => {
    expect(hostAllowed('192.168.1.20:7420', '192.168.1.20')).toBe(true)
    expect(hostAllowed('192.168.1.21:7420', '192.168.1.20')).toBe(false)
    expect(hostAllowed('192.168.1.20:7420', '0.0.0.0')).toBe(true)
    expect(hostAllowed('[fe80::1]:7420', '::')).toBe(true)
    expect(hostAllowed('rig.lan:7420', '0.0.0.0')).toBe(false)
    expect(hostAllowed('rig.lan:7420', '0.0.0.0', ['rig.lan'])).toBe(true)
  })

  it('accepts no fuzzed Host but loopback names when bound to loopback', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.domain(), fc.ipV4(), fc.ipV6().map((a) => `[${a}]`)), fc.option(fc.integer({ min: 0, max: 65535 }), { nil: undefined }), (name, port) => {
        const host = port === undefined ? name : `${name}:${port}`
        const bare = name.startsWith('[') ? name.slice(1, -1) : name
        const loopback = ['localhost', '::1'].includes(bare.toLowerCase()) || /^127\.\d+\.\d+\.\d+$/.test(bare)
        if (!loopback) expect(hostAllowed(host, '127.0.0.1'), host).toBe(false)
      }),
      { numRuns: 1000 }
    )
  })

  it('accepts a fuzzed Origin only when it names exactly the Host', () => {
    fc.assert(
      fc.property(fc.oneof(fc.webUrl(), fc.string({ unit: 'binary' }), fc.constant('null')), (origin) => {
        const host = '127.0.0.1:7420'
        let same = false
        try {
          same = new URL(origin).host === host
        } catch {
          // not a URL: never the same origin
        }
        expect(originAllowed(origin, host)).toBe(same)
        expect(originAllowed(origin, undefined)).toBe(false)
      }),
      { numRuns: 1000 }
    )
  })

  it('accepts same-origin and no-origin requests only', () => {
    expect(originAllowed(undefined, '127.0.0.1:7420')).toBe(true)
    expect(originAllowed('http://127.0.0.1:7420', '127.0.0.1:7420')).toBe(true)
    expect(originAllowed('http://evil.example', '127.0.0.1:7420')).toBe(false)
    expect(originAllowed('null', '127.0.0.1:7420')).toBe(false)
  })
})
