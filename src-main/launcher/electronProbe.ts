import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

export type ElectronProbe = { ok: true; binary: string; dir: string } | { ok: false; reason: string }

/**
 * Can Electron start here? Checks the package, its binary (the electron package fetches it on
 * first use; that download is tried, quietly, once) and a display on Linux.
 */
export function probeElectron(env: NodeJS.ProcessEnv = process.env, platform = process.platform): ElectronProbe {
  let dir: string
  try {
    dir = dirname(require.resolve('electron/package.json'))
  } catch {
    return { ok: false, reason: 'the electron package is not installed (run npm install)' }
  }
  let binary = readBinaryPath(dir)
  if (!binary) {
    process.stdout.write("Electron's binary is not installed yet; downloading it (first start only)…\n")
    const install = spawnSync(process.execPath, [join(dir, 'install.js')], { encoding: 'utf8', timeout: 300_000, env })
    binary = readBinaryPath(dir)
    if (!binary) {
      const detail = lastLine(`${install.stderr ?? ''}\n${install.stdout ?? ''}`) || install.error?.message || `exit ${install.status}`
      const offline = /fetch failed|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT/.test(detail) ? ', no network?' : ''
      return { ok: false, reason: `Electron's binary is missing and could not be downloaded (${detail}${offline})` }
    }
  }
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return { ok: false, reason: 'no display (neither DISPLAY nor WAYLAND_DISPLAY is set)' }
  }
  return { ok: true, binary, dir }
}

function readBinaryPath(dir: string): string | null {
  const pathFile = join(dir, 'path.txt')
  if (!existsSync(pathFile)) return null
  const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(binary) ? binary : null
}

function lastLine(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('at '))
  const errorLine = lines.find((l) => /ENOTFOUND|ECONNREFUSED|EAI_AGAIN|ETIMEDOUT|Error/.test(l))
  return (errorLine ?? lines.at(-1) ?? '').slice(0, 160)
}
