import { describe, expect, it } from 'vitest'
import { creditsToMicro, microToCredits } from './creditsText'

describe('creditsToMicro', () => {
  it('converts decimals exactly, where floats would not', () => {
    expect(creditsToMicro('0.05')).toBe(50_000)
    expect(creditsToMicro('0.29')).toBe(290_000)
    expect(creditsToMicro('1.000001')).toBe(1_000_001)
    expect(creditsToMicro('12')).toBe(12_000_000)
    expect(creditsToMicro('.5')).toBe(500_000)
    expect(creditsToMicro('3.')).toBe(3_000_000)
    expect(creditsToMicro(' 0.3 ')).toBe(300_000)
    expect(creditsToMicro('0')).toBe(0)
    expect(creditsToMicro('-0.25')).toBe(-250_000)
    expect(creditsToMicro('-0')).toBe(0)
  })

  it('refuses what is no plain decimal of at most six places', () => {
    for (const text of ['', ' ', '.', 'abc', '1e-2', '0.0000001', '1,5', '1.2.3', '--1', '0x10']) expect(creditsToMicro(text)).toBeNull()
  })
})

describe('microToCredits', () => {
  it('writes the shortest exact decimal', () => {
    expect(microToCredits(50_000)).toBe('0.05')
    expect(microToCredits(300_000)).toBe('0.3')
    expect(microToCredits(1_000_000)).toBe('1')
    expect(microToCredits(1_000_001)).toBe('1.000001')
    expect(microToCredits(0)).toBe('0')
    expect(microToCredits(-250_000)).toBe('-0.25')
  })

  it('round-trips', () => {
    for (const micro of [0, 1, 7, 12_500, 50_000, 999_999, 123_456_789]) expect(creditsToMicro(microToCredits(micro))).toBe(micro)
  })
})
