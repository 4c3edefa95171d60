// Stand-ins for Electron objects (no Electron binary runs on these machines): they record the
// handlers the code under test installs, so tests can fire Electron's events at them.

/** Stand-in for Electron's WebContents: records handlers so the test can fire events. */
export function fakeWebContents() {
  const handlers = new Map<string, (...a: unknown[]) => void>()
  let openHandler: ((d: { url: string }) => { action: string }) | undefined
  return {
    setWindowOpenHandler: (h: typeof openHandler) => void (openHandler = h),
    on: (name: string, h: (...a: unknown[]) => void) => void handlers.set(name, h),
    has: (name: string) => handlers.has(name),
    open: (url: string) => openHandler?.({ url }),
    /** Fires an event the way Electron 45 does (details object first); true when it was prevented. */
    fire(name: string, url = '') {
      let prevented = false
      handlers.get(name)?.({ url, preventDefault: () => void (prevented = true) }, url)
      return prevented
    }
  }
}

/** Stand-in for Electron's Session: keeps each handler for the test to call. */
export function fakeSession() {
  const hooks: {
    headers?: (d: { responseHeaders?: Record<string, string[]> }, cb: (r: { responseHeaders?: Record<string, string[]> }) => void) => void
    request?: (wc: unknown, perm: string, cb: (ok: boolean) => void) => void
    check?: (wc: unknown, perm: string) => boolean
    device?: (d: unknown) => boolean
  } = {}
  const session = {
    webRequest: { onHeadersReceived: (h: typeof hooks.headers) => void (hooks.headers = h) },
    setPermissionRequestHandler: (h: typeof hooks.request) => void (hooks.request = h),
    setPermissionCheckHandler: (h: typeof hooks.check) => void (hooks.check = h),
    setDevicePermissionHandler: (h: typeof hooks.device) => void (hooks.device = h)
  }
  return { session: session as never, hooks }
}

/** Stand-in for Electron's shell: records what would have opened in the browser. */
export function fakeShell(result: () => Promise<void> = () => Promise.resolve()) {
  const opened: string[] = []
  return { opened, openExternal: (url: string) => (opened.push(url), result()) }
}
