import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createCore, type Core, type CoreOptions } from '../app'
import type { Clock } from '../clock'
import { silentLogger } from '../log'

/** A clock the test moves by hand. */
export function manualClock(start = Date.UTC(2026, 10, 22, 12, 0, 0)): Clock & { advance(ms: number): void } {
  let t = start
  return { now: () => t, advance: (ms) => void (t += ms) }
}

export function tempDir(prefix = 'ingot-test-'): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

/** Temp dirs for one test file: `fresh()` makes one; call `removeAll` after each test. */
export function tempDirs(): { fresh(): string; removeAll(): void } {
  const made: { remove(): void }[] = []
  return {
    fresh() {
      const d = tempDir()
      made.push(d)
      return d.dir
    },
    removeAll: () => made.splice(0).forEach((d) => d.remove())
  }
}

/** The built compute runner (npm test builds before the unit tests). */
export const builtRunner = join(__dirname, '../../../out/main/computeRunner.js')

/** A real core on a real SQLite file; a temp dir it made itself is removed when it stops. With `runner`, jobs run in the real compute runner; with `market`, the embedded demo market runs at that pace (else no market). */
export function tempCore(options: { dir?: string; clock?: Clock; runner?: boolean; jobRunMs?: number; market?: CoreOptions['marketDemo'] } = {}): Core & { dir: string } {
  const own = options.dir ? null : tempDir()
  const dir = options.dir ?? own!.dir
  const core = createCore({ dataDir: dir, log: silentLogger(), shell: 'headless', clock: options.clock, runnerFile: options.runner ? builtRunner : undefined, autoBenchmark: false, jobRunMs: options.jobRunMs, market: options.market !== undefined, marketDemo: options.market })
  const stop = core.stop
  return Object.assign(core, {
    dir,
    async stop() {
      await stop()
      own?.remove()
    }
  })
}
