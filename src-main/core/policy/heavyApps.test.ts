// Real processes: copies of /bin/sleep started under game-like names and folders (the stand-in for a
// game, since none is installed here), found by reading /proc and matched against the list.
import { spawn, type ChildProcess } from 'node:child_process'
import { copyFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { tempDirs } from '../test/tempCore'
import { appNameSchema, matchHeavyApps, normalise } from './heavyApps'
import { listProcesses } from './processList'

const { fresh, removeAll } = tempDirs()
const children: ChildProcess[] = []
afterEach(() => {
  children.splice(0).forEach((c) => c.kill('SIGKILL'))
  removeAll()
})

function startAs(dir: string, name: string): ChildProcess {
  mkdirSync(dir, { recursive: true })
  const file = join(dir, name)
  copyFileSync('/bin/sleep', file)
  const c = spawn(file, ['30'], { stdio: 'ignore' })
  children.push(c)
  return c
}

describe('games and heavy apps', () => {
  it('finds a game in a launcher folder, a known heavy app and an owner-listed program among running processes', async () => {
    const root = fresh()
    const game = startAs(join(root, 'Steam/steamapps/common/Some Game'), 'somegame')
    const blender = startAs(join(root, 'bin'), 'blender')
    const mine = startAs(join(root, 'bin'), 'my-render (v2)')
    startAs(join(root, 'bin'), 'innocent')
    await new Promise((r) => setTimeout(r, 100))
    const procs = await listProcesses()
    expect(procs.find((p) => p.pid === game.pid)).toMatchObject({ name: 'somegame', path: expect.stringContaining('steamapps/common/Some Game/somegame') })
    const found = matchHeavyApps(procs, ['My-Render (v2).exe'], new Set([process.pid]))
    expect(found).toEqual(expect.arrayContaining(['somegame', 'blender', 'my-render (v2)']))
    expect(found).not.toContain('innocent')
    expect(mine.pid).toBeGreaterThan(0)
    expect(blender.pid).toBeGreaterThan(0)
    // A dismissed false alarm never counts, even when the built-in list names it.
    expect(matchHeavyApps(procs, ['My-Render (v2).exe'], new Set([process.pid]), ['Blender'])).not.toContain('blender')
    // Ingot's own processes never count.
    expect(matchHeavyApps([{ pid: 42, name: 'blender', path: null }], [], new Set([42]))).toEqual([])
  })

  it('matches Windows paths and names without case or .exe', () => {
    const procs = [
      { pid: 1, name: 'Game.exe', path: 'Z:\\home\\u\\.steam\\steamapps\\common\\Game\\Game.exe' },
      { pid: 2, name: 'EldenRing.EXE', path: null },
      { pid: 3, name: 'notepad.exe', path: 'C:\\Windows\\notepad.exe' }
    ]
    expect(matchHeavyApps(procs, [], new Set())).toEqual(['Game.exe', 'EldenRing.EXE'])
    expect(normalise('Foo.EXE')).toBe('foo')
  })

  it.each([
    ['', /must not be empty/],
    ['a/b', /without a folder/],
    ['C:\\game.exe', /without a folder/],
    ['x'.repeat(101), /at most 100/],
    ['rm -rf *', /only/]
  ])('refuses the program name %j with a clear message', (name, message) => {
    expect(appNameSchema.safeParse(name).error?.issues[0]?.message).toMatch(message)
  })

  it.each(['Cyberpunk2077.exe', 'my game (beta)', 'Résolve 19', 'blender-4.2'])('accepts %j', (name) => {
    expect(appNameSchema.safeParse(name).success).toBe(true)
  })
})
