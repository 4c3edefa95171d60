import type { Settings, SettingsPatch } from '../../src-preload/contract'
import { creditsToMicro, microToCredits } from './creditsText'

// The Settings form's working copy: number settings as the text typed, everything else as the value.

type NumberKey = { [K in keyof Settings]: Settings[K] extends number ? K : never }[keyof Settings]
export type Draft = { [K in keyof Settings]: Settings[K] extends number ? string : Settings[K] }
/** What a fieldset of the form gets: the draft, a setter, and the core's complaints by field. */
export interface DraftProps {
  draft: Draft
  set<K extends keyof Draft>(key: K, value: Draft[K]): void
  fieldErrors: Partial<Record<keyof Settings, string>>
}

/** How a number setting is typed: its text in the form, and the number that text stands for (null: not a number). */
interface NumberText {
  toText(value: number): string
  fromText(text: string): number | null
}

const plain: NumberText = {
  toText: String,
  fromText: (text) => (text.trim() === '' || Number.isNaN(Number(text)) ? null : Number(text))
}
// Money is typed in credits and stored in micro-units: converted exactly, never through a float.
const credits: NumberText = { toText: microToCredits, fromText: creditsToMicro }

/** Every number setting, once: a new one fails to compile until it says how it is typed. */
const numberText: Record<NumberKey, NumberText> = {
  telemetryIntervalMs: plain,
  idleMinutes: plain,
  prometheusPort: plain,
  benchmarkEveryHours: plain,
  floorMicroPerGpuHour: credits,
  tariffMicroPerKwh: credits,
  tariffPeakMicroPerKwh: credits,
  energyMarginPct: plain,
  tempLimitC: plain,
  powerCapW: plain,
  cooldownSec: plain,
  vramSharePct: plain
}
const isNumberKey = (key: string): key is NumberKey => Object.hasOwn(numberText, key)

/** Equal values: strings and numbers by value, lists (extraApps) item by item — a list edited back to what it was is no change. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]))
  return Object.is(a, b)
}

export function toDraft(s: Settings): Draft {
  const draft: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(s)) draft[key] = isNumberKey(key) ? numberText[key].toText(value as number) : value
  return draft as Draft
}

/** The new saved copy as a draft, keeping the fields the user changed since `before` was saved. */
export function keepEdits(next: Draft, draft: Draft | null, before: Settings | null): Draft {
  if (!draft || !before) return next
  const old = toDraft(before)
  const merged: Record<string, unknown> = { ...next }
  for (const key of Object.keys(next) as (keyof Draft)[]) if (!sameValue(draft[key], old[key])) merged[key] = draft[key]
  return merged as Draft
}

// Text that is no number goes to the core as typed, so the core names the field it refuses.
export function changes(draft: Draft, saved: Settings): SettingsPatch {
  const patch: Record<string, unknown> = {}
  for (const key of Object.keys(saved) as (keyof Settings)[]) {
    const text = draft[key]
    const value = isNumberKey(key) ? (numberText[key].fromText(text as string) ?? text) : text
    if (!sameValue(value, saved[key])) patch[key] = value
  }
  return patch as SettingsPatch
}
