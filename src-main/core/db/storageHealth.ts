import { statfsSync } from 'node:fs'
import type { Database } from 'better-sqlite3'
import type { Clock } from '../clock'
import { IngotError } from '../errors'
import type { Log } from '../log'

export type StorageProblem = 'disk-full' | 'read-only' | 'io-error'

export interface StorageTrouble {
  problem: StorageProblem
  since: number
  /** One line for the status bar: what is wrong and what the owner can do. */
  line: string
}

/** The storage fault behind an error from SQLite or the file system, if it is one. */
export function storageProblem(err: unknown): StorageProblem | null {
  const code = (err as { code?: unknown } | null)?.code
  if (typeof code !== 'string') return null
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') return 'disk-full'
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS') return 'read-only'
  if (code.startsWith('SQLITE_IOERR') || code === 'EIO') return 'io-error'
  return null
}

const lines: Record<StorageProblem, string> = {
  'disk-full': 'the disk holding Ingot’s data is full — free some space; Ingot resumes by itself',
  'read-only': 'Ingot’s data folder has become read-only — make it writable again; Ingot resumes by itself',
  'io-error': 'the disk holding Ingot’s data reports write errors — check the disk; Ingot retries by itself'
}

/** The error an API call gets when its write could not be stored. */
export const storageError = (problem: StorageProblem) => new IngotError('E_STORAGE', `Nothing was changed: ${lines[problem]}.`)

export interface StorageHealthOptions {
  db: Database
  dataDir: string
  clock: Clock
  log: Log
  /** How often to try a write while in trouble (tests shorten it). */
  probeMs?: number
  /** Free bytes needed before work resumes, so a disk at its last pages does not flap. */
  headroomBytes?: (total: number) => number
  /** Free bytes below which the node pauses before any write fails (default: half the headroom). */
  lowBytes?: (total: number) => number
  /** How often free space is looked at while all is well (tests shorten it). */
  watchMs?: number
}

/**
 * Tracks whether the node can store what it does. A failed write anywhere reports here; the node
 * then stops taking work (the policy pauses for "storage") and a probe retries a tiny write until
 * it succeeds with room to spare. Nothing is dropped that was acknowledged: a job's row, its
 * receipt and its ledger entries are written in one transaction, which either lands or is retried.
 */
export function createStorageHealth(o: StorageHealthOptions) {
  const probeWrite = o.db.prepare('INSERT INTO storage_probe (id, at, room) VALUES (1, ?, zeroblob(65536)) ON CONFLICT (id) DO UPDATE SET at = excluded.at, room = excluded.room')
  const probeFree = o.db.prepare('UPDATE storage_probe SET room = NULL WHERE id = 1')
  const probe = o.db.transaction((at: number) => {
    probeWrite.run(at)
    probeFree.run()
  })
  const headroom = o.headroomBytes ?? ((total) => Math.min(64 * 1024 * 1024, total * 0.05))
  let trouble: StorageTrouble | null = null
  let timer: NodeJS.Timeout | null = null
  // A fault soon after a recovery (a quota statfs cannot see, a WAL with a little room left) means the
  // probe was fooled: each such relapse doubles the wait before the next probe, up to a minute.
  const baseProbeMs = o.probeMs ?? 5000
  let probeMs = baseProbeMs
  let recoveredAt = -Infinity
  const listeners: ((t: StorageTrouble | null) => void)[] = []
  const notify = () => listeners.forEach((l) => l(trouble))

  /** Free and total bytes of the data dir's file system, or null where it cannot say. */
  function space(): { free: number; total: number } | null {
    try {
      const s = statfsSync(o.dataDir)
      return { free: s.bavail * s.bsize, total: s.blocks * s.bsize }
    } catch {
      return null
    }
  }

  // Where the file system cannot say, a successful write is the only evidence.
  function roomToSpare(): boolean {
    const s = space()
    return s === null || s.free >= headroom(s.total)
  }

  /**
   * Free space looked at while all is well: SQLite writes into room its log and free pages already
   * hold, so a full disk can go unnoticed by the writes for a long while — then fail in a checkpoint
   * or a growing log. The node pauses before that, on the same line as a failed write.
   */
  const lowBytes = o.lowBytes ?? ((total) => headroom(total) / 2)
  function lowOnSpace(): boolean {
    const s = space()
    return s !== null && s.free < lowBytes(s.total)
  }
  const watch = setInterval(() => {
    if (!trouble && lowOnSpace()) report(Object.assign(new Error(`less free space than Ingot keeps in reserve in ${o.dataDir}`), { code: 'ENOSPC' }))
  }, o.watchMs ?? 5000)
  watch.unref()

  function tryRecover(): void {
    if (!trouble) return
    try {
      if (trouble.problem === 'disk-full' && !roomToSpare()) return
      probe(o.clock.now())
    } catch {
      return
    }
    o.log.info({ problem: trouble.problem, forMs: o.clock.now() - trouble.since }, 'storage works again')
    trouble = null
    recoveredAt = o.clock.now()
    if (timer) clearInterval(timer)
    timer = null
    notify()
  }

  /** True when err was a storage fault (now reported); false for any other error. */
  function report(err: unknown): boolean {
    const problem = storageProblem(err)
    if (!problem) return false
    if (trouble?.problem === problem) return true
    const now = o.clock.now()
    probeMs = now - recoveredAt < 60_000 ? Math.min(60_000, probeMs * 2) : baseProbeMs
    o.log.error({ err, problem, nextProbeMs: probeMs }, 'storage fault: pausing work until writes succeed')
    trouble = { problem, since: now, line: `Paused: ${lines[problem]}` }
    timer ??= setInterval(tryRecover, probeMs)
    timer.unref()
    notify()
    return true
  }

  return {
    report,
    current: (): StorageTrouble | null => trouble,
    onChange(cb: (t: StorageTrouble | null) => void): void {
      listeners.push(cb)
    },
    stop(): void {
      clearInterval(watch)
      if (timer) clearInterval(timer)
      timer = null
    }
  }
}

export type StorageHealth = ReturnType<typeof createStorageHealth>
