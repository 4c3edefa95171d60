import type { JobDetail } from '../../src-preload/contract'
import { formatEnergy, NOT_MEASURED } from './energyText'
import { exactMoney, formatMoney } from './money'

/** The electricity the GPUs drew while the job ran, its cost at the tariff then, and the pay net of it. */
export function JobEnergyLine({ job }: { job: JobDetail }) {
  if (job.state === 'queued' || job.state === 'running') {
    return (
      <p className="muted" data-testid="job-energy" data-measured="">
        Measured while the job runs; shown when it ends.
      </p>
    )
  }
  if (job.startedAt === null) {
    return (
      <p className="muted" data-testid="job-energy" data-measured="">
        The job never ran: no electricity was drawn for it.
      </p>
    )
  }
  if (job.energyJ === null) {
    return (
      <p className="muted" data-testid="job-energy" data-measured="false" title="Nothing measures GPU power on this node, so this job's electricity is not known and nothing is subtracted.">
        Electricity: {NOT_MEASURED}.
      </p>
    )
  }
  const cost = job.energyCostMicro
  const net = cost !== null && job.payMicro !== null ? job.payMicro - cost : null
  return (
    <p data-testid="job-energy" data-measured="true" title="Measured GPU power while the job ran × your electricity price at that hour.">
      Electricity: <span className="num">{formatEnergy(job.energyJ)}</span>
      {cost !== null && (
        <>
          {' '}
          costing{' '}
          <span className="num" title={exactMoney(cost, job.currency)}>
            {formatMoney(cost, job.currency)}
          </span>{' '}
          at your tariff then
        </>
      )}
      {net !== null && (
        <>
          ; pay net of it{' '}
          <strong className="num" title={exactMoney(net, job.currency)}>
            {formatMoney(net, job.currency)}
          </strong>
        </>
      )}
      .
    </p>
  )
}
