/**
 * The encryption key and the passphrase, while unsealed: rotate the key new writes use (older
 * values keep their own term), and change the passphrase that wraps the root key.
 */
import { useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatTime } from '../../components/format';
import { contractKey, useContractMutation, useContractQuery } from '../../client/use-contract';
import { MIN_PASSPHRASE_LENGTH, newPassphraseProblem } from './new-passphrase';
import { PassphraseField } from './PassphraseField';

export function EncryptionPanel() {
  const status = useContractQuery('seal.status', {});
  const queryClient = useQueryClient();
  const rotate = useContractMutation('seal.rotate', ['audit.list']);
  const term = status.data?.activeKeyTerm;
  return (
    <section className="card stack encryption-panel" aria-labelledby="encryption-title">
      <h2 id="encryption-title">Encryption</h2>
      <p data-testid="key-term">
        {term === undefined
          ? 'Sealed.'
          : `New writes use key term ${term}, created ${formatTime(status.data?.activeKeyInstalledAt ?? '')}. Values written earlier keep the term they were written with.`}
      </p>
      <div className="actions">
        <button
          type="button"
          disabled={rotate.isPending || term === undefined}
          onClick={() => rotate.mutate({}, { onSuccess: (next) => queryClient.setQueryData(contractKey('seal.status', {}), next) })}
        >
          {rotate.isPending ? 'Rotating…' : 'Rotate the key'}
        </button>
      </div>
      <ErrorNotice error={rotate.error} title="Could not rotate the key" />
      <ChangePassphraseForm />
    </section>
  );
}

function ChangePassphraseForm() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const change = useContractMutation('seal.changePassphrase', ['audit.list'], { secret: true });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problem = newPassphraseProblem(next, confirm);
    setProblem(problem);
    if (problem !== undefined) return;
    change.mutate(
      { current, next },
      {
        onSuccess: () => {
          setCurrent('');
          setNext('');
          setConfirm('');
        },
      },
    );
  };
  return (
    <form className="stack" onSubmit={submit} noValidate aria-labelledby="passphrase-title">
      <h3 id="passphrase-title">Change the passphrase</h3>
      <PassphraseField id="current-passphrase" label="Current passphrase" value={current} onChange={setCurrent} />
      <PassphraseField id="new-passphrase" label="New passphrase" value={next} onChange={setNext} describedBy="new-passphrase-hint" />
      <p id="new-passphrase-hint" className="field-help">
        At least {MIN_PASSPHRASE_LENGTH} characters. Only the key that wraps the root key changes: stored data is not re-encrypted.
      </p>
      <PassphraseField id="confirm-passphrase" label="Confirm new passphrase" value={confirm} onChange={setConfirm} />
      {problem !== undefined && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
      <ErrorNotice error={change.error} title="Could not change the passphrase" />
      {change.isSuccess && (
        <p className="notice" role="status">
          Passphrase changed. Use the new one the next time you unseal.
        </p>
      )}
      <div className="actions">
        <button type="submit" className="button-primary" disabled={change.isPending || current === ''}>
          {change.isPending ? 'Changing…' : 'Change passphrase'}
        </button>
      </div>
    </form>
  );
}
