import type { WhyNoJobs } from '../../src-preload/contract'
import { exactMoney, formatMoney } from './money'

/** The core's floor-price what-if: offers of the period re-priced at other floors. */
export function FloorWhatIf({ why, currency }: { why: WhyNoJobs; currency: string }) {
  return (
    <>
      <table className="table whatif" aria-label="Floor price what-if">
        <thead>
          <tr>
            <th scope="col" className="num">
              Floor per GPU-hour
            </th>
            <th scope="col" className="num">
              Offers you would have bid on
            </th>
            <th scope="col" className="num">
              Would have won
            </th>
          </tr>
        </thead>
        <tbody>
          {why.whatIf.map((w) => {
            const current = w.floorMicroPerGpuHour === why.floorMicroPerGpuHour
            return (
              <tr key={w.floorMicroPerGpuHour} data-testid="whatif-row" data-current={current || undefined} className={current ? 'row-current' : undefined}>
                <td className="num" title={exactMoney(w.floorMicroPerGpuHour, currency)}>
                  {current && <span className="small muted">your floor </span>}
                  {formatMoney(w.floorMicroPerGpuHour, currency)}
                </td>
                <td className="num">{w.wouldBid.toLocaleString()}</td>
                <td className="num">{w.wouldWin.toLocaleString()}</td>
              </tr>
            )
          })}
        </tbody>
      </table>
      <p className="small muted">
        An estimate by price alone, at cost price without the adaptive markup: the market also weighs each node’s reliability and speed.
      </p>
    </>
  )
}
