import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { MetricName } from '../../../../src-preload/contract'
import { queryFields } from '../nvidiaQuery'

/** Real tool outputs (see e2e/fixtures/captures/SOURCES.md). */
export const capture = (name: string): string => readFileSync(join(__dirname, '../../../../e2e/fixtures/captures', name), 'utf8')

/** Turns a captured CSV header ("utilization.gpu [%], pstate, …") into the field list that produced it. */
export function fieldsFromHeader(header: string): { field: string; metric?: MetricName }[] {
  const byField = new Map(queryFields.map((f) => [f.field, f.metric]))
  const aliases: Record<string, MetricName> = { 'clocks.current.sm': 'smClockMHz', 'clocks.current.memory': 'memClockMHz' }
  return header.split(', ').map((h) => {
    const field = h.replace(/ \[[^\]]*\]$/, '')
    return { field, metric: byField.get(field) ?? aliases[field] }
  })
}
