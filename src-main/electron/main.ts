import { join, resolve } from 'node:path'
import { app, BrowserWindow, dialog, ipcMain, Notification, powerMonitor, protocol, safeStorage, session, shell } from 'electron'
import { autoUpdater } from 'electron-updater'
import type { Settings } from '../../src-preload/contract'
import type { Core, CoreOptions } from '../core/app'
import { dataDirFlag, ensureWritableDataDir } from '../core/dataDir'
import { installStorageSafetyNet } from '../core/db/storageSafetyNet'
import { IngotError } from '../core/errors'
import { createFileLogger } from '../core/log'
import { createMetricsServer } from '../core/metrics/metricsServer'
import { forwardEvents, registerIpc, type SenderCheck } from './ipc'
import { sqliteBindingForElectron } from './nativeBinding'
import { safeStorageProtector } from './keyProtector'
import { createTray } from './tray'
import { utilityFork } from './utilityFork'
import { startUpdater, type AutoUpdaterLike } from './updater'
import { wireNotifications } from './notifications'
import { appEntryUrl, appProtocolHandler, appScheme } from './appProtocol'
import { isTrustedSender } from './ipcSender'
import { startDesktopCore } from './startCore'
import { beforeReady, hardenWebContents, secureSession, secureWebPreferences } from './window'

const rendererDir = join(__dirname, '../renderer')
let mainWindow: BrowserWindow | null = null
let core: Core | null = null
let quitting = false

function showWindow(): void {
  if (!mainWindow) mainWindow = createWindow()
  if (mainWindow.isMinimized()) mainWindow.restore()
  mainWindow.show()
  mainWindow.focus()
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 800,
    minHeight: 560,
    show: false,
    title: 'Ingot',
    webPreferences: secureWebPreferences(join(__dirname, '../preload/index.js'))
  })
  const stopForwarding = forwardEvents(core!, (channel, payload) => win.webContents.send(channel, payload))
  win.once('ready-to-show', () => win.show())
  win.on('close', (e) => {
    // Closing the window keeps the node running in the tray; Quit ends it.
    if (!quitting) {
      e.preventDefault()
      win.hide()
    }
  })
  win.on('closed', () => {
    stopForwarding()
    mainWindow = null
  })
  void win.loadURL(appEntryUrl)
  return win
}

const trustedSender: SenderCheck = (event) => isTrustedSender(event, mainWindow?.webContents ?? null)

let updater: ReturnType<typeof startUpdater> | null = null

async function boot(): Promise<void> {
  const flag = dataDirFlag(process.argv)
  const dataDir = flag ? resolve(flag) : (process.env.INGOT_DATA_DIR ?? app.getPath('userData'))
  try {
    ensureWritableDataDir(dataDir)
  } catch (err) {
    dialog.showErrorBox('Ingot cannot start', (err as Error).message)
    app.exit(2)
    return
  }
  const log = await createFileLogger(dataDir)
  try {
    const options: CoreOptions = {
      dataDir,
      log,
      shell: 'desktop',
      electronVersion: process.versions.electron,
      sqliteNativeBinding: sqliteBindingForElectron(app.getAppPath(), app.isPackaged),
      forkRunner: utilityFork(join(__dirname, 'computeRunner.js'), log),
      // The node's signing key goes into the OS keychain where there is one.
      keyProtector: safeStorageProtector(safeStorage),
      // Idle-only mode counts from the owner's last keyboard or mouse input.
      idleSeconds: () => powerMonitor.getSystemIdleTime(),
      updates: () => updater?.status() ?? { state: 'disabled', version: null, progressPct: null, checkedAt: null, detail: 'Starting…' }
    }
    // A damaged database asks the owner: start fresh (the file is kept) or quit.
    core = startDesktopCore(options, (o) => dialog.showMessageBoxSync(o)).core
    const started = core
    installStorageSafetyNet(process, (err) => started.storageFault(err), log, (code) => app.exit(code))
  } catch (err) {
    log.fatal({ err }, 'core failed to start')
    // The owner already read about a damaged database and chose Quit.
    if (err instanceof IngotError && err.code === 'E_DB_CORRUPT') return app.exit(1)
    dialog.showErrorBox('Ingot cannot start', `${(err as Error).message}\n\nIf this mentions NODE_MODULE_VERSION, run: npm run native:electron`)
    app.exit(1)
    return
  }
  // Start at login follows the setting (a no-op on Linux desktops without autostart support).
  const applyLogin = (openAtLogin: boolean) => app.setLoginItemSettings({ openAtLogin })
  applyLogin((await core.api['settings.get']()).startOnLogin)
  core.events.on('settings.changed', (s) => applyLogin(s.startOnLogin))
  // Prometheus /metrics on a local port, off unless set in Settings.
  const metrics = createMetricsServer(core.prometheus, log)
  const applyMetrics = (port: number) => void metrics.serve(port).then((error) => error && log.warn({ error }, 'metrics port'))
  applyMetrics((await core.api['settings.get']()).prometheusPort)
  core.events.on('settings.changed', (s) => applyMetrics(s.prometheusPort))
  app.on('will-quit', () => void metrics.close())
  // Settings the shell reads synchronously (notifications, update channel).
  let settings: Settings = await core.api['settings.get']()
  core.events.on('settings.changed', (s) => (settings = s))
  const c = core
  wireNotifications(c, () => settings, (n) => Notification.isSupported() && new Notification(n).show())
  // electron-updater types each event's listener exactly; the updater module needs only the common shape.
  updater = startUpdater({ updater: autoUpdater as unknown as AutoUpdaterLike, packaged: app.isPackaged, env: process.env, log, channel: () => settings.updateChannel, onStatus: (s) => c.events.emit('update.status', s) })
  protocol.handle(appScheme, appProtocolHandler(rendererDir))
  secureSession(session.defaultSession)
  registerIpc(ipcMain, core, trustedSender)
  await core.start()
  mainWindow = createWindow()
  await createTray(join(app.getAppPath(), 'resources', 'tray.png'), core, {
    show: showWindow,
    quit: () => {
      quitting = true
      app.quit()
    }
  })
}

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', showWindow)
  beforeReady(app, protocol)
  app.on('web-contents-created', (_e, contents) => hardenWebContents(contents, shell))
  app.on('before-quit', () => {
    quitting = true
  })
  app.on('will-quit', (e) => {
    if (!core) return
    e.preventDefault()
    const c = core
    core = null
    void c.stop().finally(() => app.quit())
  })
  app.on('window-all-closed', () => {
    // Stay in the tray.
  })
  app
    .whenReady()
    .then(boot)
    .catch((err: unknown) => {
      dialog.showErrorBox('Ingot cannot start', err instanceof Error ? err.message : String(err))
      app.exit(1)
    })
}
