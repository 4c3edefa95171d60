import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { formatFinding, GarbledReport, judge, parseReport, type Finding } from './electronegativityGate'

/**
 * `npm run security:electron`: Electronegativity over the built app (out/), failing on any finding
 * above LOW that no reviewed rule covers. Exit 0: pass; 1: blocking findings; 2: the scan failed.
 */

// Bundled to out/main/, two levels below the checkout.
const root = resolve(__dirname, '../..')
const readJson = <T>(path: string) => JSON.parse(readFileSync(join(root, path), 'utf8')) as T

function scan(electronVersion: string): Finding[] {
  const pkg = 'node_modules/@doyensec/electronegativity'
  const bin = join(root, pkg, readJson<{ bin: Record<string, string> }>(`${pkg}/package.json`).bin.electronegativity!)
  const dir = mkdtempSync(join(tmpdir(), 'ingot-electronegativity-'))
  try {
    const csv = join(dir, 'findings.csv')
    // It warns that it cannot fetch Electron's release list offline; -e names the version instead.
    const run = spawnSync(process.execPath, [bin, '-i', join(root, 'out'), '-e', electronVersion, '-r', '-o', csv], { stdio: 'inherit', timeout: 300_000 })
    if (run.status !== 0) throw new Error(`electronegativity exited with ${run.status ?? run.signal ?? run.error?.message}`)
    if (!existsSync(csv)) throw new Error('electronegativity wrote no report')
    return parseReport(readFileSync(csv, 'utf8'))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** A garbled report (see parseReport) is a race in the tool, not a finding: scan again, once. */
function scanWithRetry(electronVersion: string): Finding[] {
  try {
    return scan(electronVersion)
  } catch (err) {
    if (!(err instanceof GarbledReport)) throw err
    process.stderr.write(`Electronegativity's report was garbled (${err.message}); scanning again.\n`)
    return scan(electronVersion)
  }
}

function main(): number {
  if (!existsSync(join(root, 'out/main/main.js'))) {
    process.stderr.write('out/ has no build; run electron-vite build first.\n')
    return 2
  }
  const electronVersion = readJson<{ version: string }>('node_modules/electron/package.json').version
  let findings: Finding[]
  try {
    findings = scanWithRetry(electronVersion)
  } catch (err) {
    process.stderr.write(`Electronegativity scan failed: ${(err as Error).message}\n`)
    return 2
  }
  const { blocking, reviewed, minor } = judge(findings)
  const count = (s: string) => findings.filter((f) => f.severity === s).length
  process.stdout.write(
    `\nElectronegativity, Electron ${electronVersion}: ${findings.length} finding(s) — ` +
      `CRITICAL ${count('CRITICAL')}, HIGH ${count('HIGH')}, MEDIUM ${count('MEDIUM')}, LOW ${count('LOW')}, INFORMATIONAL ${count('INFORMATIONAL')}; ` +
      `${blocking.length} blocking, ${reviewed.length} reviewed\n`
  )
  for (const f of minor) process.stdout.write(`  ${formatFinding(f)}\n`)
  for (const { finding, reason } of reviewed) process.stdout.write(`  ${formatFinding(finding)}\n           accepted after review: ${reason}\n`)
  for (const f of blocking) process.stdout.write(`✗ ${formatFinding(f)}\n`)
  if (blocking.length) process.stdout.write(`\n${blocking.length} finding(s) above LOW: fix them, or review one and add a rule in src-main/tools/electronegativityGate.ts.\n`)
  return blocking.length ? 1 : 0
}

process.exitCode = main()
