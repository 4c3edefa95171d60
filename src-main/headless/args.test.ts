import { describe, expect, it } from 'vitest'
import { parseHeadlessArgs } from './args'

describe('headless command line', () => {
  it('defaults to 127.0.0.1:7420', () => {
    expect(parseHeadlessArgs([])).toEqual({ host: '127.0.0.1', port: 7420, dataDir: undefined, allowHost: [], freshStart: false })
  })

  it('reads every flag', () => {
    expect(parseHeadlessArgs(['--host', '0.0.0.0', '--port', '9000', '--data-dir', '/srv/ingot', '--allow-host', 'rig.lan', '--allow-host', 'rig2.lan', '--fresh-start'])).toEqual({
      host: '0.0.0.0',
      port: 9000,
      dataDir: '/srv/ingot',
      allowHost: ['rig.lan', 'rig2.lan'],
      freshStart: true
    })
  })

  it.each([
    [['--port', '70000'], /--port: port must be 0–65535/],
    [['--port', 'abc'], /--port/],
    [['--bogus'], /Unknown option '--bogus'/]
  ])('refuses %j', (argv, message) => {
    expect(() => parseHeadlessArgs(argv)).toThrow(message)
  })
})
