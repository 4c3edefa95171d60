import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'
import type { Plugin } from 'vite'
import { metaContentSecurityPolicy } from './src-main/core/csp'

// Built pages carry the CSP in a <meta> tag as well as the header both shells send (the headless
// server, and Electron's app:// handler), so the policy holds wherever the file is opened. Dev mode
// goes without it, since the dev server injects an inline script.
const cspMeta: Plugin = {
  name: 'ingot-csp-meta',
  apply: 'build',
  transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: metaContentSecurityPolicy }, injectTo: 'head-prepend' }]
}

// One build feeds both shells: the Electron main process and the plain-Node entries
// (headless node, launcher, native rebuild) share the same core bundle.
export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          main: resolve('src-main/electron/main.ts'),
          headless: resolve('src-main/headless/cli.ts'),
          launch: resolve('src-main/launcher/start.ts'),
          rebuildNative: resolve('src-main/launcher/rebuildNative.ts'),
          graphicsWorker: resolve('src-main/core/gpu/graphicsWorker.ts'),
          checkpointWorker: resolve('src-main/core/db/checkpointWorker.ts'),
          computeRunner: resolve('src-main/core/compute/runnerProcess.ts'),
          benchTelemetry: resolve('src-main/bench/telemetryCpu.ts'),
          benchStorage: resolve('src-main/bench/storageSim.ts'),
          benchSuite: resolve('src-main/bench/suiteCli.ts'),
          benchJobs: resolve('src-main/bench/jobPipeline.ts'),
          benchDirect: resolve('src-main/bench/directChild.ts'),
          benchMarket: resolve('src-main/bench/marketMatching.ts'),
          ingotCli: resolve('src-main/headless/ingotCli.ts'),
          coordinator: resolve('src-main/coordinator/main.ts'),
          trainMnist: resolve('src-main/tools/trainMnist.ts'),
          electronegativity: resolve('src-main/tools/electronegativity.ts')
        }
      }
    }
  },
  preload: {
    build: {
      rollupOptions: { input: { index: resolve('src-preload/index.ts') } }
    }
  },
  renderer: {
    root: resolve('src-renderer'),
    build: {
      minify: true,
      rollupOptions: { input: { index: resolve('src-renderer/index.html') } }
    },
    plugins: [react(), cspMeta]
  }
})
