import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(__dirname, '..')
const importsElectron = /(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"]electron(?:\/[^'"]*)?['"]/

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name)
    return e.isDirectory() ? sources(p) : /\.(ts|tsx)$/.test(e.name) ? [p] : []
  })
}

describe('the core runs under plain Node', () => {
  it.each(['src-main/core', 'src-main/headless', 'src-renderer'])('%s never imports electron', (dir) => {
    const offenders = sources(join(root, dir)).filter((f) => importsElectron.test(readFileSync(f, 'utf8')))
    expect(offenders.map((f) => relative(root, f))).toEqual([])
  })

  it('the check itself catches an electron import', () => {
    expect(importsElectron.test("import { app } from 'electron'")).toBe(true)
    expect(importsElectron.test('const { ipcMain } = require("electron")')).toBe(true)
    expect(importsElectron.test("import('electron/main')")).toBe(true)
    expect(importsElectron.test("import { x } from 'electron-updater'")).toBe(false)
  })
})
