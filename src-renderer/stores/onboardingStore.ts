import { create } from 'zustand'
import type { OnboardingChoice } from '../../src-preload/contract'
import { ingot } from '../bridge'

/**
 * The first-start setup: shown while the node has no finished benchmark and the owner has neither
 * completed nor skipped it. The node keeps the answer (node.onboarding), so every window and
 * browser of a headless rig knows it.
 */

/** Where versions before 2026-12 kept the answer, in this browser only: read once, handed to the node, removed. */
export const LEGACY_ONBOARDED_KEY = 'ingot.onboarded'

function takeLegacyChoice(): OnboardingChoice | null {
  try {
    const v = window.localStorage.getItem(LEGACY_ONBOARDED_KEY)
    window.localStorage.removeItem(LEGACY_ONBOARDED_KEY)
    return v === 'done' || v === 'skipped' ? v : null
  } catch {
    return null
  }
}

interface OnboardingStore {
  /** unknown until checked against the node; shown: the setup covers the app. */
  state: 'unknown' | 'shown' | 'hidden'
  /** Decide once the node answers: a choice made before, or a finished benchmark, hides it. */
  check(): Promise<void>
  /** Settings → Run setup again. */
  open(): void
  /** Start (done) or Skip setup (skipped): remembered by the node, and the app shows. */
  finish(choice: OnboardingChoice): Promise<void>
}

export const useOnboardingStore = create<OnboardingStore>((set, get) => ({
  state: 'unknown',
  async check() {
    if (get().state !== 'unknown') return
    try {
      let { choice } = await ingot.call('node.onboarding')
      const legacy = takeLegacyChoice()
      if (!choice && legacy) choice = (await ingot.call('node.setOnboarding', legacy)).choice
      if (choice) {
        if (get().state === 'unknown') set({ state: 'hidden' })
        return
      }
      const runs = await ingot.call('bench.history', { limit: 50 })
      const benchmarked = runs.some((r) => r.status === 'ok')
      if (get().state === 'unknown') set({ state: benchmarked ? 'hidden' : 'shown' })
    } catch {
      // Never lock the owner out of the app over the setup.
      if (get().state === 'unknown') set({ state: 'hidden' })
    }
  },
  open: () => set({ state: 'shown' }),
  async finish(choice) {
    set({ state: 'hidden' })
    try {
      await ingot.call('node.setOnboarding', choice)
    } catch {
      // Not stored (the node is unreachable): the setup shows again next time, nothing worse.
    }
  }
}))
