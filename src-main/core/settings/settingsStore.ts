import type { Database } from 'better-sqlite3'
import type { Settings, SettingsChange, SettingsPatch } from '../../../src-preload/contract'
import type { Clock } from '../clock'
import type { Log } from '../log'
import { IngotError } from '../errors'
import { defaultSettings, settingsKeys, settingsProblem, settingsSchema } from './schema'

interface Row {
  key: string
  value: string
}

/** Settings as rows, every change audited; callers hand in patches already validated. */
export function createSettingsStore(db: Database, clock: Clock, log: Log) {
  const selectAll = db.prepare<[], Row>('SELECT key, value FROM settings')
  const upsert = db.prepare(
    'INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at'
  )
  const audit = db.prepare('INSERT INTO settings_audit (at, key, old_value, new_value, source) VALUES (?, ?, ?, ?, ?)')
  const history = db.prepare<[number], { id: number; at: number; key: string; old_value: string | null; new_value: string; source: string }>(
    'SELECT id, at, key, old_value, new_value, source FROM settings_audit ORDER BY id DESC LIMIT ?'
  )

  function load(): Settings {
    const settings: Record<string, unknown> = { ...defaultSettings() }
    for (const row of selectAll.all()) {
      const field = settingsSchema.shape[row.key as keyof Settings]
      // A row from an older build or edited by hand must not stop the node: keep the default.
      const parsed = field?.safeParse(safeJson(row.value))
      if (parsed?.success) settings[row.key] = parsed.data
      else log.warn({ key: row.key, value: row.value }, 'ignoring unusable stored setting')
    }
    return settings as unknown as Settings
  }

  let current = load()

  return {
    get: (): Settings => ({ ...current }),

    /** Applies a validated patch in one transaction; returns the settings and whether anything changed. */
    update(patch: SettingsPatch, source: string): { settings: Settings; changed: boolean } {
      const now = clock.now()
      const next = { ...current, ...patch }
      const problem = settingsProblem(next)
      if (problem) throw new IngotError('E_BAD_INPUT', problem.message, problem.field)
      // By value: a list sent again unchanged is no change.
      const changedKeys = settingsKeys.filter((k) => patch[k] !== undefined && JSON.stringify(current[k]) !== JSON.stringify(next[k]))
      if (changedKeys.length === 0) return { settings: { ...current }, changed: false }
      db.transaction(() => {
        for (const k of changedKeys) {
          upsert.run(k, JSON.stringify(next[k]), now)
          audit.run(now, k, JSON.stringify(current[k]), JSON.stringify(next[k]), source)
        }
      })()
      current = next
      log.info({ keys: changedKeys, source }, 'settings changed')
      return { settings: { ...current }, changed: true }
    },

    history(limit: number): SettingsChange[] {
      return history.all(limit).map((r) => ({
        id: r.id,
        at: r.at,
        key: r.key as keyof Settings,
        oldValue: r.old_value === null ? null : safeJson(r.old_value),
        newValue: safeJson(r.new_value),
        source: r.source
      }))
    }
  }
}

export type SettingsStore = ReturnType<typeof createSettingsStore>

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
