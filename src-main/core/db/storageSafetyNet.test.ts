import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import { silentLogger } from '../log'
import { installStorageSafetyNet } from './storageSafetyNet'
import { storageProblem } from './storageHealth'

describe('storage safety net', () => {
  it('keeps the process alive for a storage fault and ends it for anything else', () => {
    // A stand-in for `process` (an EventEmitter): firing the real one would reach vitest's own handlers.
    const proc = new EventEmitter()
    const reported: unknown[] = []
    const exits: number[] = []
    const stderr = process.stderr.write
    process.stderr.write = (() => true) as never
    try {
      const remove = installStorageSafetyNet(proc, (err) => storageProblem(err) !== null && reported.push(err) > 0, silentLogger(), (c) => exits.push(c))
      const full = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' })
      proc.emit('uncaughtException', full)
      proc.emit('unhandledRejection', full)
      expect(reported).toEqual([full, full])
      expect(exits).toEqual([])
      proc.emit('uncaughtException', new TypeError('a bug'))
      expect(exits).toEqual([1])
      remove()
      expect(proc.listenerCount('uncaughtException')).toBe(0)
    } finally {
      process.stderr.write = stderr
    }
  })
})
