import type { Inventory, Settings } from '../../../src-preload/contract'

/** The GPUs the owner offers: every detected one but those kept back in Settings. */
export const offeredGpus = (inv: Inventory | null, s: Pick<Settings, 'disabledGpus'>) => (inv?.gpus ?? []).filter((g) => !s.disabledGpus.includes(g.key))

/**
 * CUDA_VISIBLE_DEVICES for the compute runner when the owner keeps some NVIDIA GPUs back: the offered
 * ones by UUID (CUDA accepts UUIDs, which do not depend on its device order); null to leave the
 * environment as it is. An empty value hides every GPU from CUDA: the runner then computes on the CPU.
 */
export function cudaVisibleDevices(inv: Inventory | null, s: Pick<Settings, 'disabledGpus'>): string | null {
  const nvidia = (inv?.gpus ?? []).filter((g) => g.vendor.toLowerCase().includes('nvidia'))
  if (!nvidia.some((g) => s.disabledGpus.includes(g.key))) return null
  return nvidia
    .filter((g) => !s.disabledGpus.includes(g.key) && g.uuid)
    .map((g) => g.uuid)
    .join(',')
}
