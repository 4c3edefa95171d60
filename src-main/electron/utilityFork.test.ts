import { describe, expect, it, vi } from 'vitest'
import { silentLogger } from '../core/log'
import { utilityFork } from './utilityFork'

// Stand-in for Electron's utilityProcess (Electron cannot run on these machines): it records how it was asked to fork.
const forks: { file: string; options: { env?: Record<string, string | undefined> } }[] = []
vi.mock('electron', () => ({
  utilityProcess: {
    fork: (file: string, _args: string[], options: { env?: Record<string, string | undefined> }) => {
      forks.push({ file, options })
      return { pid: 42, stdout: null, stderr: null, postMessage: () => undefined, on: () => undefined, kill: () => true }
    }
  }
}))

describe('the compute runner as an Electron utility process', () => {
  it("starts with the owner's GPU choice on top of the app's environment, read at each start", () => {
    const fork = utilityFork('/app/computeRunner.js', silentLogger())
    fork({ CUDA_VISIBLE_DEVICES: 'GPU-1111' })
    fork({})
    expect(forks[0]!.options.env).toMatchObject({ CUDA_VISIBLE_DEVICES: 'GPU-1111', PATH: process.env.PATH })
    expect(forks[1]!.options.env!.CUDA_VISIBLE_DEVICES).toBe(process.env.CUDA_VISIBLE_DEVICES)
  })

  it('says the task has left once postMessage returns (it copies the message)', () => {
    const child = utilityFork('/app/computeRunner.js', silentLogger())()
    const sent = vi.fn()
    child.send({ type: 'cancel', id: 'x' }, sent)
    expect(sent).toHaveBeenCalledOnce()
  })
})
