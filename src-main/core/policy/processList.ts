import { readdir, readFile, readlink } from 'node:fs/promises'
import type { ProcessInfo } from './heavyApps'

/**
 * Running processes with their executables. Linux reads /proc directly (a few milliseconds, so it
 * can run every two seconds); elsewhere systeminformation asks the OS.
 */
export async function listProcesses(): Promise<ProcessInfo[]> {
  if (process.platform === 'linux') return linuxProcesses()
  const si = await import('systeminformation')
  const { list } = await si.processes()
  return list.map((p) => ({ pid: p.pid, name: p.name, path: p.path ? `${p.path.replace(/[\\/]$/, '')}/${p.name}` : null }))
}

async function linuxProcesses(): Promise<ProcessInfo[]> {
  const pids = (await readdir('/proc')).filter((d) => /^\d+$/.test(d))
  const out = await Promise.all(
    pids.map(async (d): Promise<ProcessInfo | null> => {
      try {
        // argv[0] keeps the full name (comm is cut at 15 characters) and, for Windows games under
        // Wine/Proton, the game's own path (exe is then the Wine loader); exe where argv[0] has no folder.
        const argv0 = (await readFile(`/proc/${d}/cmdline`, 'utf8')).split('\0')[0] ?? ''
        const comm = (await readFile(`/proc/${d}/comm`, 'utf8')).trim()
        const hasFolder = /[\\/]/.test(argv0)
        const path = hasFolder ? argv0 : await readlink(`/proc/${d}/exe`).catch(() => null)
        return { pid: Number(d), name: argv0 ? (argv0.split(/[\\/]/).pop() ?? comm) : comm, path }
      } catch {
        // The process ended while we looked.
        return null
      }
    })
  )
  return out.filter((p): p is ProcessInfo => p !== null)
}
