import { describe, expect, it } from 'vitest'
import { netSummary, readingsSummary, slaSummary } from './chartText'

const DAY = 86_400_000
const day0 = Date.UTC(2026, 2, 1)

describe('readingsSummary', () => {
  it('names the lowest, highest and latest reading and skips gaps', () => {
    const text = readingsSummary('Temperature', '°C', [0, 1000, 2000, 3000], [61, null, 74.25, 66], 83)
    expect(text).toMatch(/^Temperature: 3 readings from .+ to .+, lowest 61\.0 °C, highest 74\.3 °C, latest 66\.0 °C; limit 83\.0 °C\.$/)
  })
  it('says when nothing was read', () => {
    expect(readingsSummary('Power', 'W', [0], [null])).toBe('Power: no readings in this period.')
  })
})

describe('netSummary', () => {
  it('gives the latest, highest and lowest day in exact amounts', () => {
    const rows = [
      { day: day0, currency: 'DEMO', netMicro: 1_500_000 },
      { day: day0 + 2 * DAY, currency: 'DEMO', netMicro: -250_000 },
      { day: day0 + DAY, currency: 'DEMO', netMicro: 3_000_125 }
    ]
    const text = netSummary(rows, 'DEMO', 'UTC')
    expect(text).toMatch(/^Net per day, demo credits: 3 of the last 30 days with ledger rows; latest −0.25 demo credits on .*3, 2026; highest 3.000125 demo credits on .*2, 2026; lowest −0.25 demo credits on .*3, 2026\.$/)
  })
  it('names one day once', () => {
    expect(netSummary([{ day: day0, currency: 'USD', netMicro: 10_000 }], 'USD', 'UTC')).toMatch(/^Net per day, USD: 1 of the last 30 days with ledger rows; latest 0.01 USD on [^;]+\.$/)
  })
})

describe('slaSummary', () => {
  it('gives each checked bound its share and counts, and leaves out bounds never asked for', () => {
    const text = slaSummary({
      days: 30,
      daily: [
        { day: day0, bound: 'throughput', checked: 2, met: 1 },
        { day: day0 + DAY, bound: 'throughput', checked: 1, met: 1 }
      ],
      perBound: [
        { bound: 'latencyP95', checked: 0, met: 0, pct: null },
        { bound: 'throughput', checked: 3, met: 2, pct: 66.666 },
        { bound: 'accuracy', checked: 3, met: 3, pct: 100 }
      ]
    })
    expect(text).toBe('Compliance per day, 2 of the last 30 days with finished jobs: Throughput 66.7 % overall (2 of 3 met), Accuracy (canaries) 100.0 % overall (3 of 3 met).')
  })
})
