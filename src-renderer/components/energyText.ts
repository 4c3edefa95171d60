import type { MoneyTotals } from '../../src-preload/contract'
import { count, formatValue } from './format'

// Electricity as the core measures it: GPU power integrated while jobs ran, priced at the tariff of
// the hour. Where nothing measures GPU power (a CPU-only machine, no nvidia-smi) there is no figure
// at all — never a 0 that reads as "measured, free".

export const NOT_MEASURED = 'not measured (no GPU power readings)'

export interface EnergyFigures {
  /** Some of these jobs had their energy measured. */
  measured: boolean
  /** Electricity in micro-units; null when not measured. */
  energyMicro: number | null
  /** Net after measured electricity; pay after penalties and fees when nothing was measured. */
  netMicro: number
  /** Where the electricity figure comes from, for a tooltip. */
  source: string
}

/** The electricity and net of some totals, and where the electricity figure comes from. */
export function energyFigures(t: Pick<MoneyTotals, 'energyMicro' | 'energyJobs' | 'netMicro' | 'netAfterEnergyMicro' | 'jobs'>): EnergyFigures {
  if (t.energyJobs <= 0) {
    return {
      measured: false,
      energyMicro: null,
      netMicro: t.netMicro,
      source: 'Nothing measures GPU power on this node, so no electricity is subtracted: net equals earnings.'
    }
  }
  const some = t.energyJobs < t.jobs ? ` (${t.energyJobs} of ${count(t.jobs, 'job')}; the others had no power readings)` : ''
  return {
    measured: true,
    energyMicro: t.energyMicro,
    netMicro: t.netAfterEnergyMicro,
    source: `Measured GPU power × your tariff at the time, during ${count(t.energyJobs, 'job')}${some}.`
  }
}

/** The note under a set of totals: whether electricity is subtracted, and from what. */
export function energyNote(totals: Pick<MoneyTotals, 'energyJobs'>[]): string {
  if (totals.some((t) => t.energyJobs > 0)) {
    return 'Electricity: measured GPU power during each job × your electricity price at that hour (peak or off-peak). Net is pay after penalties, fees and that electricity.'
  }
  return 'Electricity: not measured — no GPU power readings on this node, so nothing is subtracted and net equals earnings (pay after penalties and fees).'
}

/** Joules as Wh under a kWh, else kWh: "12.4 Wh", "1.32 kWh". */
export function formatEnergy(joules: number): string {
  const wh = joules / 3600
  if (wh < 1000) return formatValue(wh, 'Wh', wh < 10 ? 2 : 1)
  return formatValue(wh / 1000, 'kWh', 2)
}
