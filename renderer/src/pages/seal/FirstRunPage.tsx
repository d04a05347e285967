/**
 * First run: choose the passphrase that wraps the root key (typed twice, at least 12 characters),
 * and, as Vault's dev server does, mount `secret/` as KV version 2 with the built-in KV plugin
 * (checked by default) right after init. If that mount fails (the built-in was not built, say),
 * Strongroom is initialised all the same: the page says why and lets the person go on.
 */
import { useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { SealStatusView } from '../../../../electron/common/contract/seal';
import { ErrorNotice } from '../../components/ErrorNotice';
import { contractKey, useContractMutation } from '../../client/use-contract';
import { MIN_PASSPHRASE_LENGTH, newPassphraseProblem } from './new-passphrase';
import { PassphraseField } from './PassphraseField';

/** `onSettingUp(true)` while init and the secret/ mount run, so the gate keeps this page up until both are done. */
export function FirstRunPage({ onSettingUp }: { onSettingUp: (busy: boolean) => void }) {
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [mountSecret, setMountSecret] = useState(true);
  const [problem, setProblem] = useState<string | undefined>();
  const [initialised, setInitialised] = useState<SealStatusView | undefined>();
  const init = useContractMutation('seal.init');
  const enable = useContractMutation('mounts.enable', ['mounts.list', 'plugins.list']);
  const queryClient = useQueryClient();
  const proceed = (status: SealStatusView) => {
    queryClient.setQueryData(contractKey('seal.status', {}), status);
    onSettingUp(false);
  };

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
        onSuccess: (status) => {
          if (!mountSecret) return proceed(status);
          setInitialised(status);
          enable.mutate({ path: 'secret', type: 'kv-v2', description: 'key/value secret storage' }, { onSuccess: () => proceed(status) });
        },
      },
    );
  };

  if (initialised !== undefined && enable.isError) {
    return (
      <section className="gate" aria-labelledby="first-run-title">
        <div className="card gate-card">
          <h1 id="first-run-title">Strongroom is set up</h1>
          <p className="lead">It is initialised and unsealed, but secret/ could not be mounted as KV version 2.</p>
          <ErrorNotice error={enable.error} title="Could not mount secret/" />
          <button type="button" className="button-primary" onClick={() => proceed(initialised)}>
            Continue without secret/
          </button>
        </div>
      </section>
    );
  }

  const busy = init.isPending || enable.isPending;
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
          {init.isPending ? 'Initialising…' : enable.isPending ? 'Mounting secret/…' : 'Initialise and unseal'}
        </button>
      </form>
    </section>
  );
}
