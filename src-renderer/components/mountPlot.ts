import uPlot from 'uplot'

/**
 * Draws a uPlot chart in `el`, keeps its width following the element, and returns the teardown
 * (for a React effect). `plot` holds the chart while it lives, for setData on new values.
 */
export function mountPlot(el: HTMLElement, opts: uPlot.Options, data: uPlot.AlignedData, plot: { current: uPlot | null }): () => void {
  const u = new uPlot(opts, data, el)
  plot.current = u
  const resize = new ResizeObserver(() => u.setSize({ width: el.clientWidth, height: opts.height }))
  resize.observe(el)
  return () => {
    resize.disconnect()
    u.destroy()
    plot.current = null
  }
}
