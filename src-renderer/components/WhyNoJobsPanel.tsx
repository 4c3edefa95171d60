import type { SkipReason, WhyNoJobs } from '../../src-preload/contract'
import { whyPeriods, type WhyHours } from '../stores/marketStore'
import { hrefOf } from '../stores/routeStore'
import { FloorWhatIf } from './FloorWhatIf'
import { formatValue } from './format'
import { skipFixes, skipReasonLabels } from './marketText'

interface Props {
  why: WhyNoJobs | null
  hours: WhyHours
  onHours(hours: WhyHours): void
  /** The market's currency, for the floor prices. */
  currency: string
}

/** "Why no jobs?": where the offers of a period went — skipped (and why), bid, won, lost — and what another floor price would have changed. */
export function WhyNoJobsPanel({ why, hours, onHours, currency }: Props) {
  const period = whyPeriods.find((p) => p.hours === hours)?.label ?? `${hours} h`
  return (
    <section className="card" aria-labelledby="why-h" data-testid="why-no-jobs">
      <div className="card-head">
        <h2 id="why-h" title="Counted by the node from its offer log">
          Why no jobs?
        </h2>
        <div role="group" aria-label="Period" className="segmented">
          {whyPeriods.map((p) => (
            <button key={p.hours} type="button" aria-pressed={hours === p.hours} onClick={() => onHours(p.hours)}>
              {p.label}
            </button>
          ))}
        </div>
      </div>
      {!why ? (
        <p className="muted">Loading…</p>
      ) : why.seen === 0 ? (
        <p className="muted">No offers in the last {period}.</p>
      ) : (
        <>
          <OfferFunnel why={why} />
          {why.skipped.length > 0 && <SkippedByReason why={why} />}
          <LostBy why={why} />
          <h3 className="sub-h">If your floor price were different</h3>
          <FloorWhatIf why={why} currency={currency} />
        </>
      )}
    </section>
  )
}

/** Seen → skipped → bid → won / lost / waiting, as one line of figures. */
function OfferFunnel({ why }: { why: WhyNoJobs }) {
  const skipped = why.skipped.reduce((n, s) => n + s.count, 0)
  const steps: { label: string; n: number; testid?: string }[] = [
    { label: 'seen', n: why.seen, testid: 'why-seen' },
    { label: 'skipped', n: skipped },
    { label: 'bid on', n: why.bid }
  ]
  const ends: { label: string; n: number; testid?: string }[] = [
    { label: 'won', n: why.won, testid: 'why-won' },
    { label: 'lost', n: why.lost },
    { label: 'waiting for the market', n: why.open }
  ]
  const figure = (s: { label: string; n: number; testid?: string }) => (
    <li key={s.label}>
      <span className="num big-num" data-testid={s.testid}>
        {s.n.toLocaleString()}
      </span>{' '}
      {s.label}
    </li>
  )
  return (
    <ol className="funnel" aria-label="Offers in this period">
      {steps.map(figure)}
      <li className="funnel-ends">
        <ul>{ends.map(figure)}</ul>
      </li>
    </ol>
  )
}

function SkippedByReason({ why }: { why: WhyNoJobs }) {
  return (
    <table className="table" aria-label="Skipped offers by reason">
      <thead>
        <tr>
          <th scope="col">Skipped because</th>
          <th scope="col" className="num">
            Offers
          </th>
          <th scope="col">For example</th>
        </tr>
      </thead>
      <tbody>
        {why.skipped.map((s) => (
          <tr key={s.reason} data-testid="why-skip-row" data-reason={s.reason}>
            <td>
              {skipReasonLabels[s.reason]}
              <SkipFix reason={s.reason} />
            </td>
            <td className="num">{s.count.toLocaleString()}</td>
            <td className="small muted">{s.example}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function SkipFix({ reason }: { reason: SkipReason }) {
  const fix = skipFixes[reason]
  if (!fix) return null
  return (
    <span className="small">
      {' '}
      (<a href={hrefOf(fix.page)}>{fix.text}</a>)
    </span>
  )
}

function LostBy({ why }: { why: WhyNoJobs }) {
  if (why.lost === 0) return null
  return (
    <p className="small" data-testid="why-lost-by">
      {why.lostByMedianPct === null
        ? 'The market did not say what the winning bids asked.'
        : `Lost bids were undercut by a median of ${formatValue(why.lostByMedianPct, '%', 1)} of your bid.`}
    </p>
  )
}
