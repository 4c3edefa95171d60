import { useEffect, useRef, useState, type ReactNode } from 'react'
import { inDesktop } from '../bridge'
import { useNodeStore } from '../stores/nodeStore'
import { pages, useRoute } from '../stores/routeStore'
import { StatusLine } from './StatusLine'

export function AppFrame({ children }: { children: ReactNode }) {
  const { page, go } = useRoute()
  const info = useNodeStore((s) => s.info)
  const main = useRef<HTMLElement>(null)
  const label = pages.find((p) => p.id === page)?.label
  // The focus stays on the link just used (the next page is one Tab away), so nothing moves for a
  // screen reader to follow: the title changes, and a polite live region says which page opened.
  const [opened, setOpened] = useState('')
  const first = useRef(true)
  useEffect(() => {
    document.title = label ? `${label} · Ingot` : 'Ingot'
    if (first.current) first.current = false
    else setOpened(label ? `${label} page` : '')
  }, [label])
  return (
    <div className="frame">
      {/* The page lives in the hash: following #main would leave it, so the link moves the focus itself. */}
      <a className="skip-link" href="#main" onClick={(e) => (e.preventDefault(), main.current?.focus())}>
        Skip to content
      </a>
      <nav className="sidebar" aria-label="Pages">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          Ingot
        </div>
        <ul>
          {pages.map((p) => (
            <li key={p.id}>
              <a href={`#/${p.id}`} aria-current={page === p.id ? 'page' : undefined} onClick={(e) => (e.preventDefault(), go(p.id))}>
                {p.label}
              </a>
            </li>
          ))}
        </ul>
        <div className="sidebar-foot">
          {info ? `v${info.version} · ${inDesktop ? 'desktop' : 'headless node'}` : ''}
        </div>
      </nav>
      <div className="visually-hidden" role="status" aria-live="polite" aria-label="Page opened">
        {opened}
      </div>
      <div className="main">
        <header className="topbar">
          <StatusLine />
        </header>
        <main className="content" id="main" ref={main} tabIndex={-1}>
          {children}
        </main>
      </div>
    </div>
  )
}
