/** The `count` local days ending with the day holding `now`, as local midnights, oldest first. */
export function lastLocalDays(now: number, count: number): number[] {
  const today = new Date(now)
  return Array.from({ length: count }, (_, i) => new Date(today.getFullYear(), today.getMonth(), today.getDate() - (count - 1 - i)).getTime())
}
