import type { ReactNode } from 'react'
import { inDesktop } from '../bridge'
import { useNodeStore } from '../stores/nodeStore'
import { pages, useRoute } from '../stores/routeStore'
import { StatusLine } from './StatusLine'

export function AppFrame({ children }: { children: ReactNode }) {
  const { page, go } = useRoute()
  const info = useNodeStore((s) => s.info)
  return (
    <div className="frame">
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
      <div className="main">
        <header className="topbar">
          <StatusLine />
        </header>
        <main className="content">{children}</main>
      </div>
    </div>
  )
}
