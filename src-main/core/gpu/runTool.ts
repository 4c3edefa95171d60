import { execFile } from 'node:child_process'

export type ToolRun = { state: 'ok'; stdout: string } | { state: 'missing'; detail: string } | { state: 'error'; detail: string }

/** Runs a vendor tool once, never throwing: missing, failed (with its own words), or its output. */
export function runTool(command: string, args: string[], timeoutMs = 15_000): Promise<ToolRun> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: timeoutMs, maxBuffer: 32 * 1024 * 1024, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (!err) return resolve({ state: 'ok', stdout })
      const e = err as NodeJS.ErrnoException & { killed?: boolean; signal?: string }
      if (e.code === 'ENOENT') return resolve({ state: 'missing', detail: `${command} not found` })
      if (e.killed || e.signal === 'SIGTERM') return resolve({ state: 'error', detail: `${command} did not answer within ${timeoutMs / 1000} s` })
      const said = `${stderr}\n${stdout}`.trim().split('\n').filter(Boolean).at(-1) ?? e.message
      resolve({ state: 'error', detail: `${command} failed: ${said.slice(0, 300)}` })
    })
  })
}
