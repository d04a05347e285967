/** A plugin process state as a word people use (crashed, backing off…), coloured, with an icon. */
import type { PluginProcessView } from '../../../../electron/common/contract/plugins';

export function processLabel(process: Pick<PluginProcessView, 'state' | 'lastError'>): { label: string; tone: 'ok' | 'warn' | 'danger' | 'muted' } {
  switch (process.state) {
    case 'ready':
      return { label: 'running', tone: 'ok' };
    case 'starting':
      return { label: 'starting', tone: 'warn' };
    case 'backing-off':
      return { label: 'backing off', tone: 'warn' };
    case 'exited':
      // An exit with an error is a crash; a clean exit (e.g. after reload) is just stopped; the host's own kills say why.
      if (process.lastError === null) return { label: 'stopped', tone: 'muted' };
      if (process.lastError.code === 'plugin_memory_exceeded') return { label: 'over memory ceiling', tone: 'danger' };
      if (process.lastError.code === 'plugin_cpu_runaway') return { label: 'stuck in a loop', tone: 'danger' };
      return { label: 'crashed', tone: 'danger' };
    default:
      return { label: 'stopped', tone: 'muted' };
  }
}

export function ProcessStateBadge({ process }: { process: Pick<PluginProcessView, 'state' | 'lastError'> }) {
  const { label, tone } = processLabel(process);
  return (
    <span className={`badge badge-${tone}`} data-testid="process-state" data-state={label}>
      <span aria-hidden="true" className="badge-dot" />
      {label}
    </span>
  );
}
