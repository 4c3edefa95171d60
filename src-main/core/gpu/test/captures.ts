import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { queryFields, type QueryField } from '../nvidiaQuery'

/** Real tool outputs (see e2e/fixtures/captures/SOURCES.md). */
export const capture = (name: string): string => readFileSync(join(__dirname, '../../../../e2e/fixtures/captures', name), 'utf8')

/** Turns a captured CSV header ("utilization.gpu [%], pstate, …") into the field list that produced it. */
export function fieldsFromHeader(header: string): QueryField[] {
  const known = new Map(queryFields.flatMap((f) => [f.field, ...(f.alternatives ?? [])].map((name) => [name, f] as const)))
  const aliases: Record<string, QueryField> = { 'clocks.current.sm': { field: '', metric: 'smClockMHz' }, 'clocks.current.memory': { field: '', metric: 'memClockMHz' } }
  return header.split(', ').map((h) => {
    const field = h.replace(/ \[[^\]]*\]$/, '')
    const f = known.get(field) ?? aliases[field]
    return { field, metric: f?.metric, role: f?.role }
  })
}
