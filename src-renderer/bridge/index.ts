import type { IngotTransport } from '../../src-preload/contract'
import { createClient } from './client'
import { createWebTransport } from './webTransport'

declare global {
  interface Window {
    /** Set by the desktop preload; absent in a browser talking to the headless node. */
    ingot?: IngotTransport
  }
}

export const inDesktop = window.ingot !== undefined
export const ingot = createClient(window.ingot ?? createWebTransport(window.location.origin))
export { BridgeError } from './client'
