// Stand-ins for Electron's WebContents and WebFrameMain: plain objects with the fields the check reads.
import { describe, expect, it } from 'vitest'
import { appEntryUrl } from './appProtocol'
import { isTrustedSender } from './ipcSender'

const mainContents = { id: 1 } as never
const otherContents = { id: 2 } as never
const topFrame = (url = appEntryUrl) => ({ url, parent: null, detached: false })

function event(sender: unknown, senderFrame: unknown) {
  return { sender, senderFrame } as never
}

describe('isTrustedSender', () => {
  it('accepts the main window’s top frame on the app page', () => {
    expect(isTrustedSender(event(mainContents, topFrame()), mainContents)).toBe(true)
    expect(isTrustedSender(event(mainContents, topFrame(`${appEntryUrl}#/settings`)), mainContents)).toBe(true)
  })

  it('refuses another window, even on the app page', () => {
    expect(isTrustedSender(event(otherContents, topFrame()), mainContents)).toBe(false)
  })

  it('refuses when there is no main window', () => {
    expect(isTrustedSender(event(mainContents, topFrame()), null)).toBe(false)
  })

  it('refuses a subframe, even one on the app page', () => {
    const sub = { url: appEntryUrl, parent: topFrame(), detached: false }
    expect(isTrustedSender(event(mainContents, sub), mainContents)).toBe(false)
  })

  it('refuses a frame that left the app page, or is gone', () => {
    for (const url of ['https://evil.example/', 'file:///opt/ingot/out/renderer/index.html', 'app://ingot/other.html', 'app://evil/index.html']) {
      expect(isTrustedSender(event(mainContents, topFrame(url)), mainContents), url).toBe(false)
    }
    expect(isTrustedSender(event(mainContents, null), mainContents)).toBe(false)
    expect(isTrustedSender(event(mainContents, { ...topFrame(), detached: true }), mainContents)).toBe(false)
  })
})
