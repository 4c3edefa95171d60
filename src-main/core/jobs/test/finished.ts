import type { JobSummary } from '../../../../src-preload/contract'
import type { Core } from '../../app'
import { until } from '../../test/until'

/** Waits until a job has left the queue and the runner (done, failed or cancelled); returns its summary. */
export async function finished(core: Pick<Core, 'api'>, id: string, ms = 60_000): Promise<JobSummary> {
  let job: JobSummary | undefined
  await until(async () => {
    job = (await core.api['jobs.list']({})).find((j) => j.id === id)
    return job !== undefined && !['queued', 'running'].includes(job.state)
  }, ms)
  return job!
}
