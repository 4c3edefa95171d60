import type { IpcMainInvokeEvent, WebContents } from 'electron'
import { isAppUrl } from './appProtocol'

/**
 * An IPC call is served only when it comes from the main window's top frame showing the app page.
 * Another window, an iframe (even one on app://), or the window after it navigated elsewhere
 * are all refused. `senderFrame` is null (or detached) once the frame is gone.
 */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>, mainContents: WebContents | null): boolean {
  const frame = event.senderFrame
  return mainContents !== null && event.sender === mainContents && frame !== null && !frame.detached && frame.parent === null && isAppUrl(frame.url)
}
