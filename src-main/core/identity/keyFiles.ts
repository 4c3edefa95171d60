import { chmodSync, closeSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs'

const privateMode = 0o600

/**
 * Writes a file only the owner can read, all or nothing: a temp file made 0600 from the start,
 * flushed, then renamed over the target, so a crash never leaves half a key behind.
 */
export function writeFileAtomic(file: string, data: string | Buffer): void {
  const tmp = `${file}.${process.pid}.tmp`
  // A leftover from a crash would keep its old mode: 'wx' below must create the file afresh.
  rmSync(tmp, { force: true })
  const fd = openSync(tmp, 'wx', privateMode)
  try {
    writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  renameSync(tmp, file)
}

/** Takes away group and other access from a key file someone loosened (a restore from backup, a copy). */
export function tightenMode(file: string): void {
  // Windows has no POSIX modes; the profile directory's ACL protects the file there.
  if (process.platform === 'win32') return
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, privateMode)
}
