import type { ReactNode } from 'react'

/** What the user sees where no data exists yet: what it is, and what will fill it. */
export function EmptyState({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="empty" role="status">
      <h2>{title}</h2>
      <p>{children}</p>
    </section>
  )
}
