/**
 * First run: choose the passphrase that wraps the root key (typed twice, at least 12 characters),
 * and, as Vault's dev server does, mount `secret/` as KV version 2 with the built-in KV plugin
 * (checked by default) right after init. Then the Vault API's root token is shown, once: the page
 * stays up until the person has seen it and continues. If the mount fails (the built-in was not
 * built, say), Strongroom is initialised all the same: the page says why next to the token.
 */
import { useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { SealStatusView } from '../../../../electron/common/contract/seal';
import { ErrorNotice } from '../../components/ErrorNotice';
import { contractKey, useContractMutation } from '../../client/use-contract';
import { RootTokenReveal } from '../tokens/RootTokenReveal';
import { MIN_PASSPHRASE_LENGTH, newPassphraseProblem } from './new-passphrase';
import { PassphraseField } from './PassphraseField';

/** Init's outcome while the page shows it: the status, and the root token until "Continue". */
interface SetUp {
  status: SealStatusView;
  rootToken: string;
}

/** `onSettingUp(true)` while init, the secret/ mount and the token's reveal run, so the gate keeps this page up until all are done. */
export function FirstRunPage({ onSettingUp }: { onSettingUp: (busy: boolean) => void }) {
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [mountSecret, setMountSecret] = useState(true);
  const [problem, setProblem] = useState<string | undefined>();
  const [setUp, setSetUp] = useState<SetUp | undefined>();
  const init = useContractMutation('seal.init', [], { secret: true });
  const enable = useContractMutation('mounts.enable', ['mounts.list', 'plugins.list']);
  const queryClient = useQueryClient();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problem = newPassphraseProblem(passphrase, confirm);
    setProblem(problem);
    if (problem !== undefined) return;
    onSettingUp(true);
    init.mutate(
      { passphrase },
      {
        onError: () => onSettingUp(false),
        onSuccess: ({ rootToken, ...status }) => {
          setPassphrase('');
          setConfirm('');
          setSetUp({ status, rootToken });
          if (mountSecret) enable.mutate({ path: 'secret', type: 'kv-v2', description: 'key/value secret storage' });
        },
      },
    );
  };

  if (setUp !== undefined) {
    // Only the status goes into the cache; the token leaves memory with this state and the mutation.
    const proceed = () => {
      queryClient.setQueryData(contractKey('seal.status', {}), setUp.status);
      init.reset();
      setSetUp(undefined);
      onSettingUp(false);
    };
    return (
      <section className="gate" aria-labelledby="first-run-title">
        <div className="card gate-card stack">
          <h1 id="first-run-title">Strongroom is set up</h1>
          <p className="lead">It is initialised and unsealed.{enable.isSuccess && ' secret/ is mounted as KV version 2.'}</p>
          {enable.isPending && <p className="muted">Mounting secret/…</p>}
          <ErrorNotice error={enable.error} title="Could not mount secret/ as KV version 2" />
          <RootTokenReveal token={setUp.rootToken} heading="Root token" dismissLabel={enable.isError ? 'Continue without secret/' : 'Continue'} onDismiss={proceed} busy={enable.isPending} />
        </div>
      </section>
    );
  }

  const busy = init.isPending;
  return (
    <section className="gate" aria-labelledby="first-run-title">
      <form className="card gate-card" onSubmit={submit} noValidate>
        <h1 id="first-run-title">Set up Strongroom</h1>
        <p className="lead">
          Choose a passphrase. It encrypts everything Strongroom stores; without it the data cannot be read, and it cannot be recovered.
        </p>
        <PassphraseField id="init-passphrase" label="Passphrase" value={passphrase} onChange={setPassphrase} autoFocus describedBy="init-hint" />
        <p id="init-hint" className="field-help">
          At least {MIN_PASSPHRASE_LENGTH} characters; a few unrelated words work well.
        </p>
        <PassphraseField id="init-confirm" label="Confirm passphrase" value={confirm} onChange={setConfirm} />
        <label className="checkbox">
          <input type="checkbox" checked={mountSecret} onChange={(e) => setMountSecret(e.target.checked)} aria-describedby="init-secret-hint" />
          Mount secret/ as KV version 2
        </label>
        <p id="init-secret-hint" className="field-help">
          With the built-in KV plugin, as Vault&apos;s dev server does: <code>vault kv put secret/app …</code> works at once.
        </p>
        {problem !== undefined && (
          <p className="field-error" role="alert">
            {problem}
          </p>
        )}
        <ErrorNotice error={init.error} title="Could not initialise" />
        <button type="submit" className="button-primary" disabled={busy}>
          {init.isPending ? 'Initialising…' : 'Initialise and unseal'}
        </button>
      </form>
    </section>
  );
}
