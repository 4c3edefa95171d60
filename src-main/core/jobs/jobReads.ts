import type { JobDetail, JobPrice, JobResult, JobSla, MarketSettlement, SignedReceipt } from '../../../src-preload/contract'
import { IngotError } from '../errors'
import type { NodeKey } from '../identity/nodeKey'
import { verifyReceipt } from '../identity/receipt'
import type { Ledger } from '../ledger/ledger'
import type { JobStore } from './jobStore'

/** What the job service answers about a job from its stored row: detail, result, and what goes back to the market. */
export function createJobReads(store: JobStore, ledger: Ledger, key: NodeKey) {
  return {
    get(id: string): JobDetail {
      const row = store.meta(id)
      if (!row) throw new IngotError('E_NOT_FOUND', `No job ${id}.`)
      const receipt = row.receipt ? (JSON.parse(row.receipt) as SignedReceipt) : null
      return {
        ...store.summary(id)!,
        sla: JSON.parse(row.sla) as JobSla,
        price: JSON.parse(row.price) as JobPrice,
        region: row.region,
        batchSize: row.batch_size,
        metrics: row.metrics ? JSON.parse(row.metrics) : null,
        verdict: row.verdict ? JSON.parse(row.verdict) : null,
        receipt,
        receiptValid: receipt ? verifyReceipt(receipt, key.publicKeyPem).valid : null,
        bundleDigest: row.bundle_digest,
        outputDigest: row.output_digest,
        backend: row.backend,
        gpuUuid: row.gpu_uuid,
        settledAt: row.settled_at,
        settlement: row.settlement ? (JSON.parse(row.settlement) as MarketSettlement) : null,
        energyJ: row.energy_j,
        energyCostMicro: row.energy_cost_micro,
        ledger: ledger.forJob(id)
      }
    },
    result(id: string): JobResult {
      const row = store.meta(id)
      if (!row) throw new IngotError('E_NOT_FOUND', `No job ${id}.`)
      const output = row.state === 'done' ? store.output(id) : null
      if (!output && row.state === 'done' && row.source === 'market') throw new IngotError('E_NOT_FOUND', `Job ${id} was the market's: its outputs went to the market, which has settled it; the receipt keeps their digest.`)
      if (!output) throw new IngotError('E_BUSY', `Job ${id} has no result (${row.state}).`)
      const values = new Float32Array(output.buffer.slice(output.byteOffset, output.byteOffset + output.byteLength))
      const lossCurve = row.metrics ? (JSON.parse(row.metrics) as { lossCurve: (number | null)[] | null }).lossCurve : null
      const shape = row.kind === 'train' ? [values.length] : [row.items, row.items ? values.length / row.items : 0]
      return { id, shape, outputs: Array.from(values), digest: row.output_digest!, lossCurve }
    },
    /** What a finished market job returns to the market: its receipt and every output row. */
    marketResult(id: string): { receipt: SignedReceipt; output: Buffer; outputSize: number } {
      const row = store.meta(id)
      const output = row?.state === 'done' && row.source === 'market' ? store.output(id) : null
      if (!row || !output || !row.receipt) throw new IngotError('E_NOT_FOUND', `No finished market job ${id}.`)
      const values = output.length / 4
      return { receipt: JSON.parse(row.receipt) as SignedReceipt, output, outputSize: row.kind === 'train' || !row.items ? 0 : values / row.items }
    }
  }
}
