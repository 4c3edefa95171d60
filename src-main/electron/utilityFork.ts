import { utilityProcess } from 'electron'
import type { ForkRunner } from '../core/compute/runnerHost'
import type { Log } from '../core/log'

/** The compute runner as an Electron utility process (Node's fork is not available inside Electron's main). */
export function utilityFork(file: string, log: Log): ForkRunner {
  return (extraEnv) => {
    // The environment is given whole each time: the owner's GPU choice (CUDA_VISIBLE_DEVICES) changes between starts.
    const child = utilityProcess.fork(file, [], { serviceName: 'Ingot compute runner', stdio: 'pipe', env: { ...process.env, ...extraEnv } })
    child.stdout?.on('data', (c: Buffer) => log.info({ runner: c.toString().trim().slice(0, 2000) }, 'compute runner output'))
    child.stderr?.on('data', (c: Buffer) => log.warn({ runner: c.toString().trim().slice(0, 2000) }, 'compute runner error output'))
    return {
      // The pid arrives once the process has spawned: a getter reads it when asked.
      get pid() {
        return child.pid ?? null
      },
      send: (m, sent) => {
        // postMessage copies the message before it returns.
        child.postMessage(m)
        sent?.()
      },
      onMessage: (l) => void child.on('message', l),
      onExit: (l) => void child.on('exit', (code) => l(code, null)),
      kill: () => void child.kill()
    }
  }
}
