/** One row of a chart's data as text: what the row is (a day, a time) and one cell per series. */
export interface ChartRow {
  key: string | number
  head: string
  cells: string[]
}

/**
 * A chart's numbers as a table, folded away under "Show as table": the same values the chart draws,
 * for screen readers, keyboard users and anyone who wants the exact figures.
 */
export function ChartTable({ caption, rowHead, columns, rows }: { caption: string; rowHead: string; columns: string[]; rows: ChartRow[] }) {
  if (rows.length === 0) return null
  return (
    <details className="chart-table">
      <summary>Show as table</summary>
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{rowHead}</th>
            {columns.map((c) => (
              <th key={c} scope="col" className="num">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">{r.head}</th>
              {r.cells.map((c, i) => (
                <td key={columns[i]} className="num">
                  {c}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  )
}
