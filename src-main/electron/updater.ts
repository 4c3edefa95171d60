import type { UpdateChannel, UpdateStatus } from '../../src-preload/contract'
import type { Log } from '../core/log'

/** The part of electron-updater's autoUpdater this uses (a stand-in replaces it in unit tests). */
export interface AutoUpdaterLike {
  autoDownload: boolean
  autoInstallOnAppQuit: boolean
  allowPrerelease: boolean
  channel: string | null
  on(event: string, listener: (payload: never) => void): unknown
  checkForUpdates(): Promise<unknown>
}

export interface UpdaterOptions {
  updater: AutoUpdaterLike
  /** Only a packaged app updates itself: a dev run or an unpacked build has nothing to replace. */
  packaged: boolean
  env: NodeJS.ProcessEnv
  log: Log
  channel: () => UpdateChannel
  onStatus: (s: UpdateStatus) => void
  now?: () => number
  everyMs?: number
}

const CHECK_EVERY_MS = 6 * 3_600_000

/**
 * electron-updater wired for Ingot: off in dev, tests and unpacked builds; checks at start and every
 * six hours on the chosen channel; downloads in the background and installs when the app quits.
 * Errors are logged and shown as a state, never thrown.
 */
export function startUpdater(o: UpdaterOptions) {
  const now = o.now ?? Date.now
  let status: UpdateStatus = { state: 'disabled', version: null, progressPct: null, checkedAt: null, detail: null }
  const set = (patch: Partial<UpdateStatus>) => {
    status = { ...status, ...patch }
    o.onStatus({ ...status })
  }
  const why = !o.packaged ? 'this is a development or unpacked build: updates come with the installers' : o.env.CI || o.env.INGOT_UPDATES === 'off' ? 'turned off for this run (CI or INGOT_UPDATES=off)' : null
  if (why) {
    set({ detail: `Updates are off — ${why}.` })
    return { status: () => ({ ...status }), check: async () => {}, stop: () => {} }
  }
  const u = o.updater
  u.autoDownload = true
  u.autoInstallOnAppQuit = true
  const applyChannel = () => {
    const beta = o.channel() === 'beta'
    u.channel = beta ? 'beta' : 'latest'
    u.allowPrerelease = beta
  }
  u.on('checking-for-update', () => set({ state: 'checking', detail: null }))
  u.on('update-not-available', () => set({ state: 'up-to-date', checkedAt: now(), version: null, progressPct: null, detail: null }))
  u.on('update-available', (info: { version: string }) => set({ state: 'available', version: info.version, checkedAt: now() }))
  u.on('download-progress', (p: { percent: number }) => set({ state: 'downloading', progressPct: Math.round(p.percent) }))
  u.on('update-downloaded', (info: { version: string }) => set({ state: 'ready', version: info.version, progressPct: 100, detail: 'Installs when you quit Ingot.' }))
  u.on('error', (err: Error) => {
    o.log.warn({ err }, 'update check failed')
    set({ state: 'error', detail: `Could not check for updates: ${err?.message ?? String(err)}` })
  })
  const check = async () => {
    applyChannel()
    try {
      await u.checkForUpdates()
    } catch (err) {
      o.log.warn({ err }, 'update check failed')
      set({ state: 'error', detail: `Could not check for updates: ${(err as Error).message}` })
    }
  }
  set({ state: 'checking' })
  void check()
  const timer = setInterval(() => void check(), o.everyMs ?? CHECK_EVERY_MS)
  timer.unref()
  return { status: () => ({ ...status }), check, stop: () => clearInterval(timer) }
}
