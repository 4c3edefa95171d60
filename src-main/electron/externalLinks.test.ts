import { describe, expect, it } from 'vitest'
import { externalPages, externalUrlAllowed, openIfAllowed } from './externalLinks'
import { fakeShell } from './test/standIns'

describe('externalUrlAllowed', () => {
  it('allows exactly the allow-listed https pages', () => {
    expect(externalPages).toContain('https://github.com/ingot-node/ingot/releases')
    expect(externalUrlAllowed('https://github.com/ingot-node/ingot/releases')).toBe(true)
    expect(externalUrlAllowed('https://GitHub.com/ingot-node/ingot#readme')).toBe(true)
    // Same host, another page: not on the list.
    expect(externalUrlAllowed('https://github.com/evil/repo')).toBe(false)
  })

  it.each([
    ['javascript:', 'javascript:alert(1)'],
    ['javascript: with a lookalike path', 'javascript://github.com/%0aalert(1)'],
    ['file:', 'file:///etc/passwd'],
    ['file: UNC', 'file://github.com/share/x.exe'],
    ['plain http', 'http://github.com/ingot-node/ingot'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['custom scheme', 'ms-msdt:/id PCWDiagnostic'],
    ['smb', 'smb://github.com/share'],
    ['userinfo hiding the real host', 'https://github.com@evil.example/'],
    ['userinfo on an allowed host', 'https://user:pass@github.com/'],
    ['suffix lookalike', 'https://github.com.evil.example/'],
    ['prefix lookalike', 'https://evilgithub.com/'],
    ['subdomain', 'https://gist.github.com/'],
    ['trailing dot', 'https://github.com./'],
    ['IDN homograph (Cyrillic і)', 'https://gіthub.com/'],
    ['IDN punycode', 'https://xn--gthub-n4a.com/'],
    ['non-default port', 'https://github.com:8443/'],
    ['backslash trick', 'https://evil.example\\@github.com/'],
    ['not a URL', 'github.com/ingot'],
    ['empty', '']
  ])('refuses %s', (_name, url) => {
    expect(externalUrlAllowed(url)).toBe(false)
  })

  it('opens only allowed URLs, and swallows the shell failing', async () => {
    const shell = fakeShell(() => Promise.reject(new Error('no browser')))
    openIfAllowed(shell, 'javascript:alert(1)')
    openIfAllowed(shell, 'https://github.com/ingot-node/ingot')
    openIfAllowed(shell, 'https://github.com/ingot-node/ingot/issues#new')
    openIfAllowed(shell, 'https://github.com/ingot-node/ingot/pulls')
    expect(shell.opened).toEqual(['https://github.com/ingot-node/ingot', 'https://github.com/ingot-node/ingot/issues'])
    // An unhandled rejection would fail this test run.
    await new Promise((r) => setTimeout(r, 10))
  })
})
