// The systemd unit template in resources/: every line is a section, a comment or Key=Value, and the
// ExecStart runs the headless entry this build produces with arguments the node accepts.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseHeadlessArgs } from './args'

const root = join(__dirname, '../..')
const unit = readFileSync(join(root, 'resources/systemd/ingot.service'), 'utf8')

function parse(text: string): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {}
  let section = ''
  for (const [n, raw] of text.split('\n').entries()) {
    const line = raw.trim()
    if (!line || line.startsWith('#')) continue
    const head = /^\[(\w+)\]$/.exec(line)
    if (head) out[(section = head[1]!)] = {}
    else {
      const kv = /^(\w+)=(.*)$/.exec(line)
      if (!kv || !section) throw new Error(`line ${n + 1} is not Key=Value inside a section: ${raw}`)
      out[section]![kv[1]!] = kv[2]!
    }
  }
  return out
}

describe('systemd unit template', () => {
  it('is well formed and starts the built headless node with valid arguments', () => {
    const u = parse(unit)
    expect(Object.keys(u)).toEqual(['Unit', 'Service', 'Install'])
    expect(u.Service).toMatchObject({ Type: 'simple', KillSignal: 'SIGTERM', Restart: 'on-failure' })
    expect(u.Install!.WantedBy).toBe('multi-user.target')
    const [node, script, ...args] = u.Service!.ExecStart!.split(' ')
    expect(node).toMatch(/\/node$/)
    expect(script).toMatch(/\/out\/main\/headless\.js$/)
    expect(existsSync(join(root, 'out/main/headless.js'))).toBe(true)
    expect(parseHeadlessArgs(args)).toMatchObject({ host: '127.0.0.1', port: 7420, dataDir: '/var/lib/ingot' })
    // The data dir is the one writable path the unit grants.
    expect(u.Service!.ReadWritePaths).toBe('/var/lib/ingot')
  })
})
