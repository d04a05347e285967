/**
 * A body the plugin sent as its own reply (PKI's `ca/pem`, `crl`; SSH's `public_key`): text in a
 * monospace block with a copy button, bytes (DER…) as a download. Vault allows raw bodies only for
 * non-secrets, so they are not masked.
 */
import { useEffect, useMemo } from 'react';
import type { RawReply } from '../../../../electron/common/contract/requests';
import { CopyButton } from '../../components/CopyButton';
import { formatBytes } from '../../components/format';

const EXTENSIONS: Record<string, string> = {
  'application/pkix-cert': '.der',
  'application/pkix-crl': '.crl',
  'application/ocsp-response': '.ocsp',
  'application/pem-certificate-chain': '.pem',
  'application/x-pem-file': '.pem',
};

export function RawBodyView({ raw, path }: { raw: RawReply; path: string }) {
  const type = raw.contentType ?? 'no content type';
  const facts = (
    <p className="muted" data-testid="raw-facts">
      Raw reply · <code>{type}</code> · {formatBytes(raw.size)}
    </p>
  );
  if (raw.body === null) {
    return (
      <div data-testid="raw-body">
        {facts}
        <p className="muted">Empty body.</p>
      </div>
    );
  }
  if ('text' in raw.body) {
    return (
      <div data-testid="raw-body">
        <div className="raw-toolbar">
          {facts}
          <CopyButton label="Copy text" text={raw.body.text} />
        </div>
        <pre className="raw-text" aria-label={`Body (${type})`}>
          {raw.body.text}
        </pre>
      </div>
    );
  }
  return (
    <div data-testid="raw-body">
      {facts}
      <BinaryDownload base64={raw.body.base64} contentType={raw.contentType} fileName={fileName(path, raw.contentType)} size={raw.size} />
    </div>
  );
}

function BinaryDownload({ base64, contentType, fileName, size }: { base64: string; contentType: string | null; fileName: string; size: number }) {
  const url = useMemo(() => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    return URL.createObjectURL(new Blob([bytes], { type: contentType ?? 'application/octet-stream' }));
  }, [base64, contentType]);
  useEffect(() => () => URL.revokeObjectURL(url), [url]);
  return (
    <p>
      <a className="button button-small" href={url} download={fileName}>
        Download {fileName}
      </a>{' '}
      <span className="muted">binary body of {size} bytes, not shown as text</span>
    </p>
  );
}

/** The path's last segment, with the extension its content type usually has. */
function fileName(path: string, contentType: string | null): string {
  const base = path.split('/').filter((s) => s !== '').pop() ?? 'body';
  const extension = EXTENSIONS[(contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? ''] ?? '.bin';
  return base.endsWith(extension) ? base : base + extension;
}
