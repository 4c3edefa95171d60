// The compute runner as a real child process (the built out/main/computeRunner.js, so `npm test`
// builds before unit tests), with real tfjs computation.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { silentLogger } from '../log'
import { createRunnerHost, nodeFork, RunnerError, type RunnerHost, type RunnerStatus } from './runnerHost'

const runnerFile = join(__dirname, '../../../out/main/computeRunner.js')
const stand = (name: string) => join(__dirname, 'test', name)
const hosts: RunnerHost[] = []
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.stop()
})
beforeAll(() => {
  if (!existsSync(runnerFile)) throw new Error(`${runnerFile} is missing: run \`npm run build\` first (npm test does).`)
})

function host(env: Record<string, string> = {}, hangMs = 30_000) {
  const statuses: RunnerStatus[] = []
  const h = createRunnerHost({ fork: nodeFork(runnerFile, { ...process.env, ...env }), log: silentLogger(), hangMs, onStatus: (s) => statuses.push(s) })
  hosts.push(h)
  return { h, statuses }
}

const failure = (p: Promise<unknown>) => p.then(() => null, (e: RunnerError) => e)

describe('compute runner', () => {
  it('starts on the best backend that loads here and reports why better ones were skipped', async () => {
    const { h } = host()
    await h.start()
    const d = h.status().diagnosis!
    // wasm ships in the dependencies and runs everywhere: never worse than wasm.
    expect(['tensorflow-gpu', 'tensorflow-cpu', 'wasm']).toContain(d.chosen)
    expect(d.attempts.at(-1)).toMatchObject({ id: d.chosen, ok: true })
    for (const a of d.attempts.slice(0, -1)) expect(a.reason).toMatch(/\w/)
  })

  it('chooses with injected loaders: libcudart missing, tfjs-node not installed, wasm failing → cpu', async () => {
    const { h } = host({ INGOT_BACKEND_LOADERS: stand('loaders-no-native.cjs') })
    await h.start()
    const d = h.status().diagnosis!
    expect(d.chosen).toBe('cpu')
    expect(d.tfjsName).toBe('cpu')
    expect(d.attempts.map((a) => [a.id, a.reason])).toEqual([
      ['tensorflow-gpu', 'libcudart.so.11.0 is missing'],
      ['tensorflow-cpu', expect.stringMatching(/@tensorflow\/tfjs-node is not installed/)],
      ['wasm', expect.stringMatching(/failed to load: WebAssembly.instantiate\(\): out of memory/)],
      ['cpu', null]
    ])
    expect(d.attempts[0]!.fix).toMatch(/CUDA 11.2 and cuDNN 8.1/)
  })

  it('runs the quick suite with progress, checked results and flat tensor memory', async () => {
    const { h } = host()
    const progress: string[] = []
    const r = h.request({ kind: 'suite', mode: 'quick' }, (_d, _t, label) => progress.push(label))
    const result = (await r.promise) as { matmul: { gflops: number; maxRelError: number }[]; bandwidth: { gbps: number }; conv2d: { gflops: number } }
    expect(result.matmul[0]!.gflops).toBeGreaterThan(0)
    expect(result.matmul[0]!.maxRelError).toBeLessThan(1e-3)
    expect(result.bandwidth.gbps).toBeGreaterThan(0)
    expect(result.conv2d.gflops).toBeGreaterThan(0)
    expect(progress[0]).toMatch(/Matrix multiply/)
    expect(progress.at(-1)).toBe('Done')
    expect(h.status().memory?.tfTensors).toBe(0)
  })

  it('refuses to report a backend that computes wrong results', async () => {
    const { h } = host({ INGOT_BACKEND_LOADERS: stand('loaders-wrong-matmul.cjs') })
    const err = await failure(h.request({ kind: 'suite', mode: 'quick' }).promise)
    expect(err).toBeInstanceOf(RunnerError)
    expect(err).toMatchObject({ code: 'E_WRONG_RESULT', message: expect.stringMatching(/matmul 256×256 is wrong/) })
  })

  it('cancels a running task', async () => {
    const { h } = host()
    const r = h.request({ kind: 'selftest', action: 'slow', ms: 20_000 }, () => r.cancel())
    expect(await failure(r.promise)).toMatchObject({ code: 'E_CANCELLED' })
  })

  it('kills a hung runner, fails its request and starts a fresh one', async () => {
    const { h } = host({}, 1500)
    expect(await failure(h.request({ kind: 'selftest', action: 'hang' }).promise)).toMatchObject({ code: 'E_RUNNER_HUNG' })
    expect(await h.request({ kind: 'selftest', action: 'echo' }).promise).toEqual({ echo: { kind: 'selftest', action: 'echo' } })
    expect(h.status().restarts).toBe(1)
  })

  it('survives a native crash of the runner', async () => {
    const { h } = host()
    expect(await failure(h.request({ kind: 'selftest', action: 'crash' }).promise)).toMatchObject({ code: 'E_RUNNER_CRASHED', message: expect.stringMatching(/SIGABRT/) })
    expect(await h.request({ kind: 'selftest', action: 'echo' }).promise).toMatchObject({ echo: { action: 'echo' } })
  })
})
