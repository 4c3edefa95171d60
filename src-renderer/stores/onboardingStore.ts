import { create } from 'zustand'
import { ingot } from '../bridge'

/**
 * The first-start setup: shown while the node has no finished benchmark and the owner has neither
 * completed nor skipped it. The choice is kept in this browser's (or window's) localStorage for
 * now; a flag kept by the core would follow the node to every browser.
 */
export const ONBOARDED_KEY = 'ingot.onboarded'
export type OnboardedChoice = 'done' | 'skipped'

export function readChoice(): OnboardedChoice | null {
  try {
    const v = window.localStorage.getItem(ONBOARDED_KEY)
    return v === 'done' || v === 'skipped' ? v : null
  } catch {
    return null
  }
}

function writeChoice(choice: OnboardedChoice): void {
  try {
    window.localStorage.setItem(ONBOARDED_KEY, choice)
  } catch {
    // Storage refused (private mode, quota): the setup shows again next time, nothing worse.
  }
}

interface OnboardingStore {
  /** unknown until checked against the node; shown: the setup covers the app. */
  state: 'unknown' | 'shown' | 'hidden'
  /** Decide once the node answers: a choice made before, or a finished benchmark, hides it. */
  check(): Promise<void>
  /** Settings → Run setup again. */
  open(): void
  /** Start (done) or Skip setup (skipped): remembered, and the app shows. */
  finish(choice: OnboardedChoice): void
}

export const useOnboardingStore = create<OnboardingStore>((set, get) => ({
  state: 'unknown',
  async check() {
    if (get().state !== 'unknown') return
    if (readChoice()) {
      set({ state: 'hidden' })
      return
    }
    try {
      const runs = await ingot.call('bench.history', { limit: 50 })
      const benchmarked = runs.some((r) => r.status === 'ok')
      if (get().state === 'unknown') set({ state: benchmarked ? 'hidden' : 'shown' })
    } catch {
      // Never lock the owner out of the app over the setup.
      if (get().state === 'unknown') set({ state: 'hidden' })
    }
  },
  open: () => set({ state: 'shown' }),
  finish(choice) {
    writeChoice(choice)
    set({ state: 'hidden' })
  }
}))
