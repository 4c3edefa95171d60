import type { JobDetail, NodeIdentity } from '../../src-preload/contract'
import { formatTime } from './format'

const protectionText: Record<NodeIdentity['protection'], string> = {
  'os-keychain': 'private key kept in the OS keychain',
  'file-0600': 'private key kept in a file only your user can read'
}

/** The signed receipt and the core's fresh check of its signature against this node's key. */
export function ReceiptCheck({ job, identity }: { job: JobDetail; identity: NodeIdentity | null }) {
  const signed = job.receipt
  if (!signed) {
    return (
      <>
        <p className="muted" data-testid="receipt-check">
          No receipt: {job.state === 'queued' || job.state === 'running' ? 'the node signs one when the job finishes.' : 'only jobs that finish with a result get a signed receipt.'}
        </p>
        <dl className="facts">
          <div className="fact">
            <dt>Bundle digest</dt>
            <dd className="mono">{job.bundleDigest}</dd>
          </div>
        </dl>
      </>
    )
  }
  const r = signed.receipt
  return (
    <>
      {job.receiptValid === true ? (
        <p className="check check-ok" data-testid="receipt-check" role="status">
          Signature valid — checked against this node&apos;s key
        </p>
      ) : (
        <p className="check check-error" data-testid="receipt-check" role="alert">
          {job.receiptValid === false
            ? 'Signature does NOT match this node’s key: the receipt was altered or signed by another key. Do not rely on it.'
            : 'The signature could not be checked.'}
        </p>
      )}
      <dl className="facts">
        <div className="fact">
          <dt>Signed by key</dt>
          <dd className="mono">
            {r.nodeKeyId}
            {identity && <span className="muted small"> — this node: {identity.keyId}, {protectionText[identity.protection]}</span>}
          </dd>
        </div>
        <div className="fact">
          <dt>Bundle digest</dt>
          <dd className="mono">{r.bundleDigest}</dd>
        </div>
        <div className="fact">
          <dt>Output digest</dt>
          <dd className="mono">{r.outputDigest}</dd>
        </div>
        <div className="fact">
          <dt>Computed on</dt>
          <dd>
            {r.backend}
            {r.gpuUuid && <span className="mono"> · {r.gpuUuid}</span>} · {formatTime(r.startedAt)} – {formatTime(r.endedAt)}
          </dd>
        </div>
      </dl>
      <details>
        <summary>Signature and public key</summary>
        <p className="mono small wrap">{signed.signature}</p>
        <pre className="mono small">{signed.publicKey}</pre>
      </details>
    </>
  )
}
