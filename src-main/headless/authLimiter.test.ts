import { describe, expect, it } from 'vitest'
import { manualClock } from '../core/test/tempCore'
import { AUTH_LIMIT, createAuthLimiter } from './authLimiter'

describe('auth failure limiter', () => {
  it('locks an address out after maxFailures within the window, for lockoutMs', () => {
    const clock = manualClock()
    const limiter = createAuthLimiter({ clock })
    for (let i = 1; i < AUTH_LIMIT.maxFailures; i++) limiter.fail('10.0.0.1')
    expect(limiter.retryAfterS('10.0.0.1')).toBe(0)
    limiter.fail('10.0.0.1')
    expect(limiter.retryAfterS('10.0.0.1')).toBe(AUTH_LIMIT.lockoutMs / 1000)
    expect(limiter.retryAfterS('10.0.0.2')).toBe(0)
    clock.advance(AUTH_LIMIT.lockoutMs - 1500)
    expect(limiter.retryAfterS('10.0.0.1')).toBe(2)
    clock.advance(1500)
    expect(limiter.retryAfterS('10.0.0.1')).toBe(0)
  })

  it('forgets failures older than the window', () => {
    const clock = manualClock()
    const limiter = createAuthLimiter({ clock })
    for (let i = 1; i < AUTH_LIMIT.maxFailures; i++) limiter.fail('10.0.0.1')
    clock.advance(AUTH_LIMIT.windowMs)
    limiter.fail('10.0.0.1')
    expect(limiter.retryAfterS('10.0.0.1')).toBe(0)
  })

  it('keeps a bounded table however many addresses fail', () => {
    const limiter = createAuthLimiter({ clock: manualClock(), maxEntries: 100 })
    for (let i = 0; i < 5000; i++) limiter.fail(`10.0.${i >> 8}.${i & 255}`)
    expect(limiter.size).toBe(100)
    // The newest stay: the last address is still counted.
    for (let i = 1; i < AUTH_LIMIT.maxFailures; i++) limiter.fail('10.0.19.135')
    expect(limiter.retryAfterS('10.0.19.135')).toBeGreaterThan(0)
  })

  it('makes room from expired rows first, so a live lockout is not pushed out by them', () => {
    const clock = manualClock()
    const limiter = createAuthLimiter({ clock, maxEntries: 100 })
    for (let i = 0; i < 99; i++) limiter.fail(`10.1.0.${i}`)
    for (let i = 0; i < AUTH_LIMIT.maxFailures; i++) limiter.fail('10.9.9.9')
    clock.advance(AUTH_LIMIT.windowMs)
    for (let i = 0; i < 50; i++) limiter.fail(`10.2.0.${i}`)
    expect(limiter.size).toBe(51)
    expect(limiter.retryAfterS('10.9.9.9')).toBeGreaterThan(0)
  })
})
