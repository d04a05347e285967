/**
 * "Copy as" for the request just sent: the same call as a `bao`/`vault` command, a curl call, an
 * hvac script or a node-vault script (`copy-as.ts`), each under its `export …_ADDR=…` line aimed at
 * the Vault API's real address (`app.info`). The token is never shown: the snippets read the
 * user's own `$VAULT_TOKEN` / `$BAO_TOKEN`.
 */
import { useState } from 'react';
import { useContractQuery } from '../../client/use-contract';
import { CopyButton } from '../../components/CopyButton';
import type { CommandInput } from './cli-command';
import { copyAs, type CopyTool } from './copy-as';

const CHOICES: ReadonlyArray<{ label: string; tools: CopyTool[] }> = [
  { label: 'CLI', tools: ['bao', 'vault'] },
  { label: 'curl', tools: ['curl'] },
  { label: 'hvac', tools: ['hvac'] },
  { label: 'node-vault', tools: ['node-vault'] },
];

export function CopyAsMenu({ request }: { request: CommandInput }) {
  const [choice, setChoice] = useState(0);
  const address = useContractQuery('app.info', {}).data?.vaultApiAddress ?? null;
  const picked = CHOICES[choice] ?? CHOICES[0];
  return (
    <details className="copy-as" data-testid="copy-as">
      <summary>Copy as…</summary>
      <div className="inline" role="group" aria-label="Copy as">
        {CHOICES.map((c, index) => (
          <button key={c.label} type="button" className="button-small" aria-pressed={index === choice} onClick={() => setChoice(index)}>
            {c.label}
          </button>
        ))}
      </div>
      {picked?.tools.map((tool) => {
        const snippet = copyAs(tool, request, address);
        return (
          <figure key={tool} className="copy-as-snippet" data-testid={`copy-as-${tool}`}>
            <figcaption>
              {tool} <span className="muted">— token from ${tool === 'bao' ? 'BAO_TOKEN' : 'VAULT_TOKEN'}</span>
            </figcaption>
            <pre data-testid="copy-as-env">{snippet.envLine}</pre>
            <CopyButton label="Copy export line" text={snippet.envLine} />
            <pre data-testid="copy-as-code">{snippet.code}</pre>
            <CopyButton label={`Copy ${tool}`} text={snippet.code} />
          </figure>
        );
      })}
    </details>
  );
}
