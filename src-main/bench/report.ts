import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, platform, totalmem } from 'node:os'
import { dirname, join } from 'node:path'

/** The checkout: the first folder above this (bundled) file that holds package.json. */
export const repoRoot = (() => {
  let d = __dirname
  while (!existsSync(join(d, 'package.json')) && dirname(d) !== d) d = dirname(d)
  return d
})()

export { median } from '../core/median'

/** Replaces this benchmark's section of docs/BENCHMARKS.md (between its markers) with fresh results. */
export function writeSection(name: string, markdown: string): void {
  const file = join(repoRoot, 'docs', 'BENCHMARKS.md')
  const start = `<!-- bench:${name}:start -->`
  const end = `<!-- bench:${name}:end -->`
  const doc = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n'
  const block = `${start}\n${markdown.trim()}\n${end}`
  const next = doc.includes(start) ? doc.replace(new RegExp(`${start}[\\s\\S]*?${end}`), block) : `${doc.trimEnd()}\n\n${block}\n`
  writeFileSync(file, next)
  process.stdout.write(`\n${markdown.trim()}\n\n(written to docs/BENCHMARKS.md)\n`)
}

export const machine = (): string => `${cpus()[0]?.model ?? 'CPU'} × ${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}, ${platform()}`
