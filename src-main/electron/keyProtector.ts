import type { KeyProtector } from '../core/identity/nodeKey'

/** The part of Electron's safeStorage used here; typed by shape so tests can pass a stand-in. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean
  encryptString(plainText: string): Buffer
  decryptString(encrypted: Buffer): string
  /** Linux only in Electron. */
  getSelectedStorageBackend?(): string
}

/**
 * The OS keychain (Keychain, DPAPI, libsecret/KWallet) as the node key's protector. Needs the app
 * to be ready. On Linux without a secret service Electron falls back to a password built into
 * Chromium ('basic_text'): that hides nothing, so it counts as unavailable and the key stays a
 * 0600 file, reported truthfully as such.
 */
export function safeStorageProtector(safeStorage: SafeStorageLike, platform: NodeJS.Platform = process.platform): KeyProtector {
  return {
    available() {
      if (!safeStorage.isEncryptionAvailable()) return false
      if (platform !== 'linux') return true
      const backend = safeStorage.getSelectedStorageBackend?.()
      return backend !== 'basic_text' && backend !== 'unknown'
    },
    encrypt: (plain) => safeStorage.encryptString(plain.toString('utf8')),
    decrypt: (cipher) => Buffer.from(safeStorage.decryptString(cipher), 'utf8')
  }
}
