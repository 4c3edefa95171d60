/**
 * Reads Electronegativity's CSV report and decides whether CI passes: no finding above LOW,
 * except those matching a reviewed rule below. Pure, so the gate itself is tested.
 */

export interface Finding {
  id: string
  severity: string
  confidence: string
  file: string
  location: string
  sample: string
  description: string
}

export const csvHeader = 'issue, severity, confidence, filename, location, sample, description, url'
const wiki = 'https://github.com/doyensec/electronegativity/wiki/'
const severities = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL']
const confidences = ['TENTATIVE', 'FIRM', 'CERTAIN']

/** The report could not be read as Electronegativity writes it (see parseReport). */
export class GarbledReport extends Error {}

/** RFC 4180 fields: quoted ones may hold commas, newlines and doubled quotes. */
function csvRows(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  const endField = () => {
    row.push(field)
    field = ''
  }
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c !== '"') field += c
      else if (text[i + 1] === '"') {
        field += '"'
        i++
      } else quoted = false
    } else if (c === '"') quoted = true
    else if (c === ',') endField()
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++
      endField()
      rows.push(row)
      row = []
    } else field += c
  }
  if (quoted) throw new GarbledReport('unterminated quoted field')
  if (field || row.length) {
    endField()
    rows.push(row)
  }
  return rows
}

/**
 * Parses the report strictly. Electronegativity 1.10 writes the header and the rows with two
 * concurrent writes, which can interleave: any row that is not exactly what it writes is refused
 * rather than read as "no findings".
 */
export function parseReport(text: string): Finding[] {
  const eol = text.search(/\r?\n/)
  const header = eol < 0 ? text : text.slice(0, eol)
  if (header !== csvHeader) throw new GarbledReport(`unexpected header: ${JSON.stringify(header.slice(0, 100))}`)
  const body = eol < 0 ? '' : text.slice(eol).replace(/^\r?\n/, '')
  return csvRows(body).map((fields, n) => {
    const [id = '', severity = '', confidence = '', file = '', location = '', sample = '', description = '', url] = fields
    const valid = fields.length === 8 && /^[A-Z0-9_]+$/.test(id) && url === wiki + id && severities.includes(severity) && confidences.includes(confidence)
    if (!valid) throw new GarbledReport(`row ${n + 2} is malformed: ${JSON.stringify(fields.join(',').slice(0, 160))}`)
    return { id, severity, confidence, file, location, sample, description }
  })
}

/** A finding a person has reviewed and that CI accepts while it keeps this exact shape. */
export interface ReviewedRule {
  id: string
  sample: RegExp
  reason: string
}

/** None today: every finding above LOW fails CI. A rule added here must say why a person accepted it. */
export const reviewedRules: readonly ReviewedRule[] = []

export interface Verdict {
  /** Above LOW and not covered by a reviewed rule: these fail CI. */
  blocking: Finding[]
  reviewed: { finding: Finding; reason: string }[]
  /** LOW and INFORMATIONAL: shown, never blocking. */
  minor: Finding[]
}

export function judge(findings: Finding[], rules: readonly ReviewedRule[] = reviewedRules): Verdict {
  const verdict: Verdict = { blocking: [], reviewed: [], minor: [] }
  for (const f of findings) {
    if (severities.indexOf(f.severity) <= severities.indexOf('LOW')) {
      verdict.minor.push(f)
      continue
    }
    const rule = rules.find((r) => r.id === f.id && r.sample.test(f.sample.trim()))
    if (rule) verdict.reviewed.push({ finding: f, reason: rule.reason })
    else verdict.blocking.push(f)
  }
  return verdict
}

export function formatFinding(f: Finding): string {
  return `${f.severity.padEnd(8)} ${f.id} ${f.file}:${f.location} — ${f.description}${f.sample && f.sample !== 'N/A' ? `\n           ${f.sample.slice(0, 200)}` : ''}`
}
