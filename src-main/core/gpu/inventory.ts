import { hostname } from 'node:os'
import si from 'systeminformation'
import type { GpuInfo, HostInfo, Inventory, ToolState } from '../../../src-preload/contract'
import type { Log } from '../log'
import { scanGraphics } from './graphicsScan'
import { parseNvidiaSmiXml } from './nvidiaSmiXml'
import { parseRocmSmi, rocmSmiArgs, type RocmCard } from './rocmSmi'
import { runTool, type ToolRun } from './runTool'

export interface InventoryOptions {
  log: Log
  now: () => number
  nvidiaSmi?: string
  rocmSmi?: string
}

const toolState = (run: ToolRun, parseError?: string): ToolState =>
  run.state === 'ok' ? (parseError ? { state: 'error', detail: parseError } : { state: 'ok', detail: null }) : { state: run.state, detail: run.detail }

/** "00000000:01:00.0" and "01:00.0" name the same slot. */
const sameBus = (a: string | null | undefined, b: string | null | undefined) =>
  !!a && !!b && a.toLowerCase().replace(/^0000/, '').endsWith(b.toLowerCase().replace(/^0+:/, ''))

async function hostInfo(): Promise<HostInfo> {
  const [cpu, mem, os] = await Promise.all([si.cpu(), si.mem(), si.osInfo()])
  return {
    hostname: hostname(),
    os: [os.distro, os.release, os.arch].filter(Boolean).join(' '),
    cpuModel: [cpu.manufacturer, cpu.brand].filter(Boolean).join(' '),
    cpuCores: cpu.cores,
    cpuPhysicalCores: cpu.physicalCores || cpu.cores,
    cpuSpeedGHz: cpu.speedMax || cpu.speed || null,
    cpuFlags: cpu.flags ?? '',
    ramMiB: Math.round(mem.total / (1024 * 1024))
  }
}

/** compute_cap comes from the query interface (drivers ≥ 510), not from -q -x. */
function computeCaps(run: ToolRun): Map<string, string> {
  const caps = new Map<string, string>()
  if (run.state !== 'ok') return caps
  for (const line of run.stdout.split('\n')) {
    const [uuid, cap] = line.split(',').map((s) => s.trim())
    if (uuid?.startsWith('GPU-') && cap && /^\d+\.\d+$/.test(cap)) caps.set(uuid, cap)
  }
  return caps
}

/**
 * What hardware this node has: systeminformation for every vendor, enriched by nvidia-smi -q -x.
 * Expensive (it spawns lspci, nvidia-smi, …): run at start, on demand and when devices change.
 */
export async function scanInventory(options: InventoryOptions): Promise<Inventory> {
  const nvidiaSmi = options.nvidiaSmi ?? 'nvidia-smi'
  const [host, xmlRun, capRun, rocmRun] = await Promise.all([
    hostInfo(),
    runTool(nvidiaSmi, ['-q', '-x']),
    runTool(nvidiaSmi, ['--query-gpu=uuid,compute_cap', '--format=csv,noheader']),
    runTool(options.rocmSmi ?? 'rocm-smi', rocmSmiArgs)
  ])
  // systeminformation calls nvidia-smi synchronously without a time limit: not when it just hung.
  const nvidiaHangs = xmlRun.state === 'error' && /did not answer/.test(xmlRun.detail)
  const graphics = nvidiaHangs
    ? { controllers: [] as si.Systeminformation.GraphicsControllerData[] }
    : await scanGraphics().catch((err: Error) => {
        options.log.warn({ err }, 'systeminformation.graphics failed')
        return { controllers: [] as si.Systeminformation.GraphicsControllerData[] }
      })

  let parseError: string | undefined
  let nvidia: ReturnType<typeof parseNvidiaSmiXml> = []
  if (xmlRun.state === 'ok') {
    try {
      nvidia = parseNvidiaSmiXml(xmlRun.stdout)
    } catch (err) {
      parseError = (err as Error).message
      options.log.warn({ err }, 'could not read nvidia-smi -q -x')
    }
  }
  let rocmError: string | undefined
  let amd: RocmCard[] = []
  if (rocmRun.state === 'ok') {
    try {
      amd = parseRocmSmi(rocmRun.stdout)
    } catch (err) {
      rocmError = (err as Error).message
      options.log.warn({ err }, 'could not read rocm-smi')
    }
  }
  const caps = computeCaps(capRun)
  const gpus: GpuInfo[] = nvidia.map((g, index) => ({
    ...g,
    key: g.uuid ?? `nvidia:${g.busId ?? index}`,
    index,
    computeCapability: (g.uuid && caps.get(g.uuid)) || null,
    live: true,
    sources: ['nvidia-smi']
  }))
  for (const card of amd) gpus.push({ ...card.info, index: gpus.length })
  // Other vendors' (and, without their tools, NVIDIA's and AMD's) controllers come from systeminformation alone.
  for (const c of graphics.controllers) {
    const vendor = c.vendor ?? ''
    const covered = (/nvidia/i.test(vendor) && nvidia.length > 0) || (/amd|ati|advanced micro/i.test(vendor) && amd.length > 0)
    if (gpus.some((g) => sameBus(g.busId, c.busAddress)) || covered) continue
    const index = gpus.length
    gpus.push({
      key: c.busAddress ? `pci:${c.busAddress}` : `${(c.vendor || 'gpu').toLowerCase()}:${index}`,
      index,
      name: c.model || 'Unknown graphics controller',
      vendor: c.vendor || 'unknown',
      vramMiB: c.vram ?? null,
      driverVersion: c.driverVersion ?? null,
      busId: c.busAddress ?? null,
      uuid: null,
      cudaVersion: null,
      computeCapability: null,
      architecture: null,
      powerLimitW: null,
      maxClocksMHz: null,
      temperatureLimitsC: null,
      eccMode: null,
      eccErrors: null,
      migMode: null,
      live: false,
      sources: ['systeminformation']
    })
  }

  const nvidiaState = toolState(xmlRun, parseError)
  return {
    scannedAt: options.now(),
    gpus,
    host,
    noGpuReason: gpus.length > 0 ? null : noGpuReason(nvidiaState),
    tools: { nvidiaSmi: nvidiaState, rocmSmi: toolState(rocmRun, rocmError) }
  }
}

function noGpuReason(nvidia: ToolState): string {
  const cpu = 'This node can still offer CPU compute.'
  if (nvidia.state === 'missing') return `No GPU found. nvidia-smi is not installed: if this machine has an NVIDIA GPU, install the NVIDIA driver. ${cpu}`
  if (nvidia.state === 'error') return `No GPU found. The NVIDIA driver did not answer (${nvidia.detail}). ${cpu}`
  return `No GPU found: nvidia-smi sees no NVIDIA GPU and no other graphics controller was detected. ${cpu}`
}
