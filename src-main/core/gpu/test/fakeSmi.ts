import { join } from 'node:path'

/** The nvidia-smi stand-in (e2e/fixtures/bin/nvidia-smi), which prints captured real output. */
export const fakeNvidiaSmi = join(__dirname, '../../../../e2e/fixtures/bin/nvidia-smi')
