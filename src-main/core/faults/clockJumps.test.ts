// The wall clock jumps (NTP corrections, a dead CMOS battery, a user changing the date): the node
// keeps working, loses no money and no samples, and the ledger still verifies. Timers run on real
// time; every timestamp the node stores comes from this manual clock, which the test jumps.
import { afterEach, describe, expect, it } from 'vitest'
import { matmulBundle } from '../jobs/test/bundles'
import { storeSoundness, watchUnhandled } from '../test/soundStore'
import { manualClock, tempCore } from '../test/tempCore'
import { until } from '../test/until'
import { finished } from '../jobs/test/finished'

const DAY = 86_400_000
const cores: ReturnType<typeof tempCore>[] = []
afterEach(async () => {
  for (const c of cores.splice(0)) await c.stop()
})

async function node() {
  const clock = manualClock(Date.now())
  const core = tempCore({ clock, runner: true })
  cores.push(core)
  await core.start()
  return { core, clock }
}


/** Host CPU samples in a window (0 before the first flush has created the device). */
const hostPoints = async (core: ReturnType<typeof tempCore>, from: number, to: number) => {
  const r = await core.dispatch('telemetry.query', [{ device: 'host', metric: 'cpuUtil', from, to }])
  return r.ok ? (r.value as { avg: (number | null)[] }).avg.filter((v) => v !== null).length : 0
}

describe('clock jumps', () => {
  it('a year forward and back again: jobs are paid once each, samples are kept (rolled up), the ledger verifies', async () => {
    const unhandled = watchUnhandled()
    const { core, clock } = await node()
    const t0 = clock.now()
    await until(async () => (await hostPoints(core, t0 - 60_000, t0 + 60_000)) >= 1, 20_000)
    const before = await core.api['jobs.submit'](matmulBundle(clock.now(), { n: 16, canaries: 2 }))
    expect((await finished(core, before.id)).state).toBe('done')

    clock.advance(400 * DAY)
    const ahead = await core.api['jobs.submit'](matmulBundle(clock.now(), { n: 16, canaries: 2 }))
    expect((await finished(core, ahead.id)).state).toBe('done')
    // Samples from "last year" are aged into the rollups, not lost: the window still has data.
    // (An hour's window: after a year only the hourly tier covers it.)
    await until(async () => (await hostPoints(core, clock.now() - 60_000, clock.now() + 60_000)) >= 1, 20_000)
    expect(await hostPoints(core, t0 - 2 * 3600_000, t0 + 2 * 3600_000)).toBeGreaterThan(0)

    clock.advance(-400 * DAY - 3600_000)
    const back = await core.api['jobs.submit'](matmulBundle(clock.now(), { n: 16, canaries: 2 }))
    expect((await finished(core, back.id)).state).toBe('done')
    await until(async () => (await hostPoints(core, clock.now() - 60_000, clock.now() + 60_000)) >= 1, 20_000)

    const entries = await core.api['ledger.entries']({ limit: 100 })
    const earnings = entries.filter((e) => e.kind === 'earning')
    expect(earnings.map((e) => e.jobId).sort()).toEqual([before.id, ahead.id, back.id].sort())
    // The ledger is ordered by sequence, not time: the entry written after the jump back is dated earlier, and the chain holds.
    const byJob = new Map(earnings.map((e) => [e.jobId, e]))
    expect(byJob.get(back.id)!.seq).toBeGreaterThan(byJob.get(ahead.id)!.seq)
    expect(byJob.get(back.id)!.at).toBeLessThan(byJob.get(ahead.id)!.at)
    expect(await storeSoundness(core)).toMatchObject({ integrity: 'ok', ledger: { ok: true, value: { ok: true, firstBad: null } } })
    unhandled.stop()
    expect(unhandled.seen).toEqual([])
  }, 120_000)

  it('a jump past a deadline fails the queued job unpaid instead of running it late; a timed pause ends when the clock passes it', async () => {
    const { core, clock } = await node()
    await core.api['node.pause']({ forMinutes: 60 })
    expect((await core.api['node.status']()).reason).toBe('manual')
    const late = await core.api['jobs.submit'](matmulBundle(clock.now(), { n: 8, canaries: 1, sla: { deadline: clock.now() + 30 * 60_000 } }))
    expect(late.state).toBe('queued')
    clock.advance(61 * 60_000)
    // The pause "for 60 minutes" is over by the clock: the node resumes at its next decision.
    await until(async () => (await core.api['node.status']()).reason !== 'manual', 5000)
    const job = await finished(core, late.id)
    expect(job).toMatchObject({ state: 'failed', error: { code: 'E_DEADLINE' } })
    expect((await core.api['ledger.entries']({})).filter((e) => e.jobId === late.id && e.amountMicro > 0)).toEqual([])
  }, 60_000)
})
