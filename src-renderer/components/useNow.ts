import { useEffect, useState } from 'react'

/** The current time, refreshed every `ms`: for ages ("last reading 12 s ago") that must grow on their own. */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms)
    return () => clearInterval(t)
  }, [ms])
  return now
}
