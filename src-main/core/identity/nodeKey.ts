import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import type { NodeIdentity } from '../../../src-preload/jobTypes'
import type { Clock } from '../clock'
import { IngotError } from '../errors'
import { keyIdOf } from './keyId'
import { tightenMode, writeFileAtomic } from './keyFiles'

/** Encrypts the private key with an OS keychain (Electron's safeStorage on the desktop). */
export interface KeyProtector {
  available(): boolean
  encrypt(plain: Buffer): Buffer
  decrypt(cipher: Buffer): Buffer
}

export interface NodeKey {
  identity(): NodeIdentity
  /** Ed25519 signature, base64. */
  sign(data: string | Buffer): string
  /** SPKI PEM. */
  readonly publicKeyPem: string
}

export const nodeKeyFiles = (dataDir: string) => ({
  pem: join(dataDir, 'node-key.pem'),
  enc: join(dataDir, 'node-key.enc'),
  meta: join(dataDir, 'node-key.json')
})
type Files = ReturnType<typeof nodeKeyFiles>
type Loaded = { privateKey: KeyObject; protection: NodeIdentity['protection'] }

const RECOVER =
  'Ingot never replaces a node key on its own, because this node’s receipts were signed with it. ' +
  'Restore the file from a backup, or move it aside to start over with a new key (receipts signed with the old key will then no longer match this node).'

/**
 * The node's Ed25519 key: loaded from the data dir, or made on first start. With a protector whose
 * keychain is available the private key is stored encrypted (node-key.enc), otherwise as a 0600
 * PEM file (node-key.pem); a plain key is moved under the keychain once one becomes available.
 */
export function loadOrCreateNodeKey(options: { dataDir: string; clock: Clock; protector?: KeyProtector }): NodeKey {
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 })
  const files = nodeKeyFiles(options.dataDir)
  const protector = options.protector?.available() ? options.protector : null
  const { privateKey, protection } = load(files, protector) ?? create(files, protector)
  const publicKeyPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }) as string
  const identity: NodeIdentity = { keyId: keyIdOf(publicKeyPem), publicKey: publicKeyPem, protection, createdAt: createdAt(files.meta, publicKeyPem, options.clock) }
  return {
    identity: () => ({ ...identity }),
    sign: (data) => sign(null, typeof data === 'string' ? Buffer.from(data) : data, privateKey).toString('base64'),
    publicKeyPem
  }
}

function load(files: Files, protector: KeyProtector | null): Loaded | null {
  if (protector && existsSync(files.enc)) {
    const privateKey = parsePem(decrypt(files.enc, protector), files.enc)
    // A crash between writing node-key.enc and removing node-key.pem leaves both.
    const plainGone = !existsSync(files.pem) || removePlainCopy(files, privateKey)
    return { privateKey, protection: plainGone ? 'os-keychain' : 'file-0600' }
  }
  if (existsSync(files.pem)) {
    const pem = readKeyFile(files.pem).toString('utf8')
    const privateKey = parsePem(pem, files.pem)
    return { privateKey, protection: protector && moveUnderKeychain(files, pem, protector) ? 'os-keychain' : 'file-0600' }
  }
  if (existsSync(files.enc)) {
    throw new IngotError(
      'E_INTERNAL',
      `The node key in ${files.enc} is encrypted with the OS keychain, which is not available now. ` +
        'Start Ingot in a desktop session with the keychain unlocked. ' +
        RECOVER
    )
  }
  return null
}

function create(files: Files, protector: KeyProtector | null): Loaded {
  const { privateKey } = generateKeyPairSync('ed25519')
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string
  if (protector && writeEncrypted(files.enc, pem, protector)) return { privateKey, protection: 'os-keychain' }
  // A keychain that says it is available and then fails still leaves the node a usable key.
  writeFileAtomic(files.pem, pem)
  return { privateKey, protection: 'file-0600' }
}

/** Moves a plain key file under the keychain; on any failure the plain file stays, and stays in use. */
function moveUnderKeychain(files: Files, pem: string, protector: KeyProtector): boolean {
  if (!writeEncrypted(files.enc, pem, protector)) return false
  try {
    rmSync(files.pem)
    return true
  } catch {
    return false
  }
}

function writeEncrypted(file: string, pem: string, protector: KeyProtector): boolean {
  try {
    const cipher = protector.encrypt(Buffer.from(pem))
    // Only a cipher text known to give the key back may stand in for it.
    if (protector.decrypt(cipher).toString('utf8') !== pem) return false
    writeFileAtomic(file, cipher)
    return true
  } catch {
    return false
  }
}

function removePlainCopy(files: Files, key: KeyObject): boolean {
  const plain = parsePem(readKeyFile(files.pem).toString('utf8'), files.pem)
  if (!publicDer(plain).equals(publicDer(key))) {
    throw new IngotError('E_INTERNAL', `${files.pem} and ${files.enc} hold different node keys. Move aside the one this node should not use. ${RECOVER}`)
  }
  try {
    rmSync(files.pem)
    return true
  } catch {
    return false
  }
}

const publicDer = (key: KeyObject) => createPublicKey(key).export({ type: 'spki', format: 'der' })

function readKeyFile(file: string): Buffer {
  try {
    tightenMode(file)
    return readFileSync(file)
  } catch (err) {
    throw new IngotError('E_INTERNAL', `Cannot read the node key file ${file}: ${(err as Error).message}. Check its owner and permissions. ${RECOVER}`)
  }
}

function decrypt(file: string, protector: KeyProtector): string {
  const cipher = readKeyFile(file)
  try {
    return protector.decrypt(cipher).toString('utf8')
  } catch (err) {
    throw new IngotError(
      'E_INTERNAL',
      `Cannot decrypt the node key file ${file} with the OS keychain (${(err as Error).message}); ` +
        'it was made by another user or machine, or the keychain was reset. ' +
        RECOVER
    )
  }
}

function parsePem(pem: string, file: string): KeyObject {
  let key: KeyObject | null = null
  try {
    key = createPrivateKey(pem)
  } catch {
    // Reported below with the file's name.
  }
  if (key?.asymmetricKeyType !== 'ed25519') throw new IngotError('E_INTERNAL', `The node key file ${file} is corrupt: it does not hold an Ed25519 private key. ${RECOVER}`)
  return key
}

const metaSchema = z.object({ createdAt: z.number().int().min(0), publicKey: z.string() })

/** node-key.json is public and informational: when missing or not about this key, it is rewritten. */
function createdAt(file: string, publicKey: string, clock: Clock): number {
  try {
    const meta = metaSchema.parse(JSON.parse(readFileSync(file, 'utf8')))
    if (meta.publicKey === publicKey) return meta.createdAt
  } catch {
    // Rewritten below.
  }
  const now = clock.now()
  writeFileAtomic(file, `${JSON.stringify({ createdAt: now, publicKey }, null, 2)}\n`)
  return now
}
