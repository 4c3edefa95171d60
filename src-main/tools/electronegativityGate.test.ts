import { describe, expect, it } from 'vitest'
import { csvHeader, GarbledReport, judge, parseReport, reviewedRules, type Finding } from './electronegativityGate'

const wiki = 'https://github.com/doyensec/electronegativity/wiki/'
// Rows as Electronegativity 1.10 writes them (quoted with doubled quotes; N/A for no value).
const row = (id: string, severity: string, sample: string, file = 'main/main.js') =>
  [id, `"${severity}"`, '"TENTATIVE"', `"${file}"`, '"12:3"', sample === 'N/A' ? 'N/A' : `"${sample.replace(/"/g, '""')}"`, '"Review it"', wiki + id].join(',')
const report = (...rows: string[]) => [csvHeader, ...rows, ''].join('\n')

const finding = (id: string, severity: string, sample = 'N/A'): Finding => ({ id, severity, confidence: 'TENTATIVE', file: 'main/main.js', location: '1:0', sample, description: '' })

describe('Electronegativity report', () => {
  it('parses rows, including quotes and commas inside fields', () => {
    const findings = parseReport(report(row('CSP_GLOBAL_CHECK', 'LOW', `default-src 'self'; img-src a, b "x"`, 'renderer/index.html'), row('LIMIT_NAVIGATION_GLOBAL_CHECK', 'HIGH', 'N/A', 'N/A')))
    expect(findings).toEqual([
      { id: 'CSP_GLOBAL_CHECK', severity: 'LOW', confidence: 'TENTATIVE', file: 'renderer/index.html', location: '12:3', sample: `default-src 'self'; img-src a, b "x"`, description: 'Review it' },
      expect.objectContaining({ id: 'LIMIT_NAVIGATION_GLOBAL_CHECK', severity: 'HIGH', sample: 'N/A' })
    ])
    expect(parseReport(report())).toEqual([])
    expect(parseReport(`${csvHeader}\r\n${row('X_CHECK', 'LOW', 'a')}\r\n`)).toHaveLength(1)
  })

  it('refuses a report garbled by the tool’s racing writes instead of reading it as clean', () => {
    const body = row('OPEN_EXTERNAL_JS_CHECK', 'MEDIUM', 'shell.openExternal(u)')
    // The header written over the start of the rows, as the race leaves it.
    expect(() => parseReport(csvHeader + '\n' + body.slice(csvHeader.length + 1) + '\n')).toThrow(GarbledReport)
    expect(() => parseReport(body + '\n' + csvHeader + '\n')).toThrow(GarbledReport)
    expect(() => parseReport('')).toThrow(GarbledReport)
    expect(() => parseReport(report(row('X_CHECK', 'SEVERE', 'a')))).toThrow(GarbledReport)
    expect(() => parseReport(report(row('X_CHECK', 'LOW', 'a').replace(`${wiki}X_CHECK`, `${wiki}Y_CHECK`)))).toThrow(GarbledReport)
    expect(() => parseReport(`${csvHeader}\nX_CHECK,"LOW","FIRM","unterminated`)).toThrow(GarbledReport)
  })

  it('blocks every finding above LOW and lets LOW and INFORMATIONAL through', () => {
    const v = judge([finding('A', 'INFORMATIONAL'), finding('B', 'LOW'), finding('C', 'MEDIUM'), finding('D', 'HIGH'), finding('E', 'CRITICAL')])
    expect(v.minor.map((f) => f.id)).toEqual(['A', 'B'])
    expect(v.blocking.map((f) => f.id)).toEqual(['C', 'D', 'E'])
  })

  it('accepts a finding only where a reviewed rule matches its exact shape (none are listed today)', () => {
    expect(reviewedRules).toEqual([])
    const rules = [{ id: 'OPEN_EXTERNAL_JS_CHECK', sample: /^if \(externalUrlAllowed\((\w+)\)\) [\w.]*\bopenExternal\(\1\)[^;]*;?$/, reason: 'guarded' }]
    const v = judge([
      finding('OPEN_EXTERNAL_JS_CHECK', 'MEDIUM', 'if (externalUrlAllowed(url)) shell.openExternal(url).catch(() => void 0);'),
      finding('OPEN_EXTERNAL_JS_CHECK', 'MEDIUM', 'if (externalUrlAllowed(url)) electron.shell.openExternal(other);'),
      finding('OPEN_EXTERNAL_JS_CHECK', 'MEDIUM', 'shell.openExternal(url);'),
      finding('OPEN_EXTERNAL_JS_CHECK', 'MEDIUM', 'if (externalUrlAllowed(url) || true) shell.openExternal(url);'),
      finding('OPEN_EXTERNAL_JS_CHECK', 'MEDIUM', 'if (externalUrlAllowed(url)) shell.openExternal(url); shell.openExternal(evil);'),
      finding('SANDBOX_JS_CHECK', 'MEDIUM', 'if (externalUrlAllowed(url)) shell.openExternal(url);')
    ], rules)
    expect(v.reviewed).toHaveLength(1)
    expect(v.blocking).toHaveLength(5)
  })
})
