import Database from 'better-sqlite3'
import { mkdirSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import { databaseFile } from '../../core/db/open'
import { silentLogger } from '../../core/log'
import { tempCore, tempDir } from '../../core/test/tempCore'
import type { AuthLimitOptions } from '../authLimiter'
import { createHttpServer } from '../server'

export const TOKEN = 'test-token-0123456789abcdef'
export const INDEX_HTML = '<!doctype html><title>Ingot</title>'
export const APP_JS = 'console.log(1)'
/** Planted next to the static root (and in a sibling whose name starts like it): never to be served. */
export const SECRETS = ['SECRET-NEXT-TO-ROOT-6b1f', 'SECRET-IN-SIBLING-DIR-93ad', 'SECRET-IN-DATA-DIR-27c4']

export interface SendResult {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** A real core on temp SQLite behind the real HTTP server on 127.0.0.1:0, with a small built UI. */
export async function startHarness(options: { authLimit?: AuthLimitOptions } = {}) {
  const dir = tempDir('ingot-http-')
  const dataDir = join(dir.dir, 'data')
  const core = tempCore({ dir: dataDir })
  const staticDir = join(dir.dir, 'renderer')
  mkdirSync(join(staticDir, 'assets'), { recursive: true })
  writeFileSync(join(staticDir, 'index.html'), INDEX_HTML)
  writeFileSync(join(staticDir, 'assets', 'app.js'), APP_JS)
  writeFileSync(join(dir.dir, 'secret.txt'), SECRETS[0]!)
  mkdirSync(join(dir.dir, 'renderer2'))
  writeFileSync(join(dir.dir, 'renderer2', 'index.html'), SECRETS[1]!)
  writeFileSync(join(dataDir, 'secret.txt'), SECRETS[2]!)
  const http = createHttpServer({ core, token: TOKEN, log: silentLogger(), staticDir, version: '9.9.9', authLimit: options.authLimit })
  const { port } = await http.listen(0, '127.0.0.1')

  /** Node's client, for well-formed requests (it fixes up Host and framing). */
  function send(path: string, opts: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<SendResult> {
    return new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
        let body = ''
        res.on('data', (c: Buffer) => (body += c.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
      })
      req.on('error', reject)
      if (opts.body !== undefined) req.write(opts.body)
      req.end()
    })
  }

  return {
    core,
    http,
    port,
    dataDir,
    staticDir,
    send,
    call: (method: string, body: string, headers: Record<string, string> = authJson) => send(`/api/${method}`, { method: 'POST', headers, body }),
    /** A second, read-only connection: the core keeps its own writer open. */
    integrityCheck(): unknown {
      const db = new Database(databaseFile(dataDir), { readonly: true })
      try {
        return db.pragma('integrity_check', { simple: true })
      } finally {
        db.close()
      }
    },
    async close(): Promise<void> {
      await http.close()
      await core.stop()
      dir.remove()
    }
  }
}

export type Harness = Awaited<ReturnType<typeof startHarness>>
export const authJson = { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }
