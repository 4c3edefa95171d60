import { z } from 'zod'

/**
 * Games and heavy apps that take the GPU back from Ingot. Two kinds of match: anything started from
 * a game launcher's library folder (every Steam, Epic, GOG, … game, present and future), and well-
 * known programs by name. Owners add their own names in Settings.
 */
export const LAUNCHER_FOLDERS = [
  'steamapps/common/',
  'epic games/',
  'gog galaxy/games/',
  'gog games/',
  'riot games/',
  'battle.net/',
  'ea games/',
  'ubisoft game launcher/games/',
  'xboxgames/',
  'heroic/games/',
  'lutris/games/'
]

export const KNOWN_HEAVY_APPS = [
  // Games that live outside launcher folders or run under their own launcher.
  'cyberpunk2077',
  'eldenring',
  'cs2',
  'dota2',
  'valorant-win64-shipping',
  'r5apex',
  'fortniteclient-win64-shipping',
  'gta5',
  'rdr2',
  'overwatch',
  'minecraft.windows',
  'league of legends',
  'wow',
  // Creative and compute work that wants the GPU.
  'blender',
  'resolve',
  'afterfx',
  'adobe premiere pro',
  'unrealeditor',
  'unity',
  'obs64',
  'obs',
  'handbrake',
  'stable-diffusion-webui'
]

/** A process name an owner may add: a file name, no path, of ordinary characters. */
export const appNameSchema = z
  .string('must be a program name')
  .trim()
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters')
  .regex(/^[\p{L}\p{N} ._+()[\]-]+$/u, "may hold letters, digits, spaces and . _ + - ( ) [ ] only — the program's file name, without a folder")

/** A program's name for matching: lower case, without a Windows .exe. */
export const normalise = (name: string): string => name.toLowerCase().replace(/\.exe$/, '')

export interface ProcessInfo {
  pid: number
  name: string
  /** Full path of the executable, or null where it is not readable. */
  path: string | null
}

/** The running processes that mean "the owner is using the GPU", by display name, first seen first. */
export function matchHeavyApps(processes: ProcessInfo[], extra: readonly string[], selfPids: ReadonlySet<number>, ignored: readonly string[] = []): string[] {
  const names = new Set([...KNOWN_HEAVY_APPS, ...extra.map(normalise)])
  const skip = new Set(ignored.map(normalise))
  const found: string[] = []
  for (const p of processes) {
    if (selfPids.has(p.pid) || skip.has(normalise(p.name))) continue
    const path = p.path?.replace(/[\\/]+/g, '/').toLowerCase() ?? ''
    if (names.has(normalise(p.name)) || LAUNCHER_FOLDERS.some((f) => path.includes(`/${f}`))) {
      if (!found.includes(p.name)) found.push(p.name)
    }
  }
  return found
}
