import { describe, expect, it } from 'vitest'
import type { JobSummary, LedgerEntry, NodeStatus } from '../../src-preload/contract'
import { defaultSettings } from '../core/settings/schema'
import { notificationFor } from './notifier'

const settings = defaultSettings()
const entry = (kind: LedgerEntry['kind'], amountMicro: number): LedgerEntry => ({ seq: 1, id: 'x', at: 1, kind, jobId: 'j', amountMicro, currency: 'DEMO', memo: '', prevHash: '', hash: '' }) as LedgerEntry
const status = (reason: NodeStatus['reason'], line = 'Paused: 91 °C — resumes below 78 °C (limit 83 °C)'): NodeStatus => ({ activity: 'paused', reason, line, pausedSince: null, pausedUntil: null, until: null, marketConnected: true, culprit: null })

describe('desktop notifications', () => {
  it('tells of a paid job with its net pay in demo credits', () => {
    expect(notificationFor('ledger.appended', [entry('earning', 12_000), entry('penalty', -2_000)], settings, null)).toEqual({ title: 'Job paid', body: '+0.010000 demo credits' })
  })

  it('tells of an SLA breach, a pause for heat once as it starts, and an update ready', () => {
    expect(notificationFor('jobs.changed', { id: 'abcdef0123', state: 'done', met: false } as JobSummary, settings, null)?.title).toBe('SLA breached')
    expect(notificationFor('jobs.changed', { id: 'abcdef0123', state: 'done', met: true } as JobSummary, settings, null)).toBeNull()
    expect(notificationFor('node.status', status('too-hot'), settings, status('ready'))).toMatchObject({ title: 'Paused for heat', body: expect.stringContaining('91 °C') })
    expect(notificationFor('node.status', status('too-hot'), settings, status('too-hot'))).toBeNull()
    expect(notificationFor('update.status', { state: 'ready', version: '0.2.0', progressPct: 100, detail: null, checkedAt: 1 }, settings, null)?.body).toContain('0.2.0')
  })

  it('stays quiet for a kind turned off in Settings', () => {
    const off = { ...settings, notifyJobPaid: false, notifyHeat: false }
    expect(notificationFor('ledger.appended', [entry('earning', 5)], off, null)).toBeNull()
    expect(notificationFor('node.status', status('too-hot'), off, null)).toBeNull()
    expect(notificationFor('ledger.appended', [{ ...entry('payout', -5), jobId: null }], settings, null)).toBeNull()
  })
})
