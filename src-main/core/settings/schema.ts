import { z } from 'zod'
import type { Settings } from '../../../src-preload/contract'
import { appNameSchema } from '../policy/heavyApps'
import { ALWAYS, scheduleSchema } from '../policy/schedule'

/** Every setting with its bounds; messages finish the sentence "<field>: …". */
export const settingsSchema = z.object({
  displayCurrency: z.string().regex(/^[A-Z]{3}$/, 'must be a three-letter currency code such as USD or EUR'),
  theme: z.enum(['system', 'light', 'dark'], 'must be one of system, light, dark'),
  telemetryIntervalMs: z
    .number('must be a number of milliseconds')
    .int('must be a whole number of milliseconds')
    .min(250, 'must be at least 250 ms')
    .max(60_000, 'must be at most 60000 ms (1 minute)'),
  startOnLogin: z.boolean('must be true or false'),
  idleOnly: z.boolean('must be true or false'),
  idleMinutes: z
    .number('must be a number of minutes')
    .int('must be a whole number of minutes')
    .min(1, 'must be at least 1 minute')
    .max(240, 'must be at most 240 minutes'),
  prometheusPort: z
    .number('must be a port number')
    .int('must be a whole number')
    .refine((p) => p === 0 || (p >= 1024 && p <= 65535), 'must be 0 (off) or a port from 1024 to 65535'),
  benchmarkEveryHours: z
    .number('must be a number of hours')
    .int('must be a whole number of hours')
    .min(0, 'must be 0 (never) or more')
    .max(24 * 30, 'must be at most 720 hours (30 days)'),
  marketMode: z.enum(['embedded', 'coordinator', 'off'], 'must be one of embedded, coordinator, off'),
  marketUrl: z
    .string('must be a ws:// or wss:// address')
    .max(500, 'must be at most 500 characters')
    .refine((u) => u === '' || /^wss?:\/\/[^\s/]+(\/[^\s]*)?$/.test(u), 'must be a ws:// or wss:// address such as ws://192.168.1.10:7070'),
  region: z.string('must be a region code').regex(/^(any|[a-z]{2}(-[a-z0-9]{1,12}){0,2})$/, "must be 'any' or a region code like 'eu' or 'us-east'"),
  floorMicroPerGpuHour: z.number('must be an amount in credits, such as 0.05').int('must have at most 6 decimals').min(0, 'must not be negative').max(1e12, 'is too large'),
  tariffMicroPerKwh: z.number('must be an amount in credits, such as 0.30').int('must have at most 6 decimals').min(1, 'must be above zero: enter what a kWh costs you').max(1e10, 'is too large'),
  tariffPeakMicroPerKwh: z.number('must be an amount in credits, such as 0.45 (0 for a flat tariff)').int('must have at most 6 decimals').min(0, 'must be 0 (a flat tariff) or more').max(1e10, 'is too large'),
  peakHours: z.string('must be 24 characters of 0 and 1').regex(/^[01]{24}$/, 'must be 24 characters of 0 and 1, midnight first'),
  energyMarginPct: z.number('must be a percentage').min(0, 'must not be negative').max(1000, 'must be at most 1000 %'),
  bidStrategy: z.enum(['fixed', 'adaptive'], 'must be fixed or adaptive'),
  schedule: scheduleSchema,
  tempLimitC: z.number('must be a temperature in °C').int('must be whole degrees').min(50, 'must be at least 50 °C').max(100, 'must be at most 100 °C'),
  powerCapW: z.number('must be a number of watts').int('must be whole watts').min(0, 'must be 0 (no cap) or more').max(10_000, 'must be at most 10000 W'),
  cooldownSec: z.number('must be a number of seconds').int('must be whole seconds').min(0, 'must be 0 or more').max(3600, 'must be at most 3600 s (1 hour)'),
  extraApps: z.array(appNameSchema, 'must be a list of program names').max(100, 'must list at most 100 programs'),
  ignoredApps: z.array(appNameSchema, 'must be a list of program names').max(100, 'must list at most 100 programs'),
  disabledGpus: z.array(z.string().min(1).max(200), 'must be a list of GPU keys').max(64, 'must list at most 64 GPUs'),
  vramSharePct: z.number('must be a percentage').int('must be a whole percentage').min(10, 'must be at least 10 %').max(100, 'must be at most 100 %'),
  updateChannel: z.enum(['stable', 'beta'], 'must be stable or beta'),
  notifyJobPaid: z.boolean('must be true or false'),
  notifySlaBreach: z.boolean('must be true or false'),
  notifyHeat: z.boolean('must be true or false'),
  notifyUpdate: z.boolean('must be true or false')
}) satisfies z.ZodType<Settings>

const defaults: Settings = {
  displayCurrency: 'USD',
  theme: 'system',
  telemetryIntervalMs: 1000,
  startOnLogin: false,
  idleOnly: true,
  idleMinutes: 10,
  prometheusPort: 0,
  benchmarkEveryHours: 24,
  marketMode: 'embedded',
  marketUrl: '',
  region: 'any',
  // 0.05 credits per GPU-hour: low enough that a CPU-only demo node wins some work.
  floorMicroPerGpuHour: 50_000,
  // 0.30 per kWh.
  tariffMicroPerKwh: 300_000,
  tariffPeakMicroPerKwh: 0,
  // Evening peak (17:00–21:00), used only once a peak tariff is set.
  peakHours: '000000000000000001111000',
  energyMarginPct: 20,
  bidStrategy: 'adaptive',
  schedule: ALWAYS,
  // NVIDIA's consumer cards throttle from about 83 °C: stop before the card has to.
  tempLimitC: 83,
  powerCapW: 0,
  cooldownSec: 60,
  extraApps: [],
  ignoredApps: [],
  disabledGpus: [],
  // Leaves the owner's desktop and other programs some memory.
  vramSharePct: 90,
  updateChannel: 'stable',
  notifyJobPaid: true,
  notifySlaBreach: true,
  notifyHeat: true,
  notifyUpdate: true
}

export const settingsKeys = Object.keys(settingsSchema.shape) as (keyof Settings)[]

export const defaultSettings = (): Settings => settingsSchema.parse(defaults)

/** A patch: any subset of settings; an unknown key is an error, not silently dropped. */
export const settingsPatchSchema = settingsSchema.partial().strict()

/** Rules across fields, checked on the merged settings. */
export function settingsProblem(s: Settings): { field: keyof Settings; message: string } | null {
  if (s.marketMode === 'coordinator' && s.marketUrl === '') return { field: 'marketUrl', message: 'marketUrl: enter the coordinator address (ws://host:port) to join it' }
  return null
}
