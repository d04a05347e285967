/** A process row's live figures: memory against the entry's ceiling, CPU, and what is running. */
import type { PluginProcessView } from '../../../../electron/common/contract/plugins';
import { formatBytes, shortHash } from '../../components/format';

const MiB = 1024 * 1024;

export function MemoryCell({ process }: { process: PluginProcessView }) {
  const r = process.resources;
  if (r === null) return <span className="muted">— / {process.memoryLimitMiB} MiB</span>;
  const share = Math.min(1, r.rssBytes / (process.memoryLimitMiB * MiB));
  const title = `peak ${formatBytes(r.peakRssBytes)}; ceiling ${process.memoryLimitMiB} MiB${r.processes > 1 ? `; ${r.processes} processes` : ''}`;
  return (
    <span title={title} data-testid="process-memory">
      {formatBytes(r.rssBytes)} <span className="muted">/ {process.memoryLimitMiB} MiB</span>
      <meter className="resource-meter" min={0} max={1} low={0.7} high={0.9} optimum={0} value={share} aria-label="memory against the ceiling" />
    </span>
  );
}

export function CpuCell({ process }: { process: PluginProcessView }) {
  const r = process.resources;
  if (r === null) return <span className="muted">—</span>;
  return (
    <span title={`${r.cpuSeconds.toFixed(2)} s of CPU time in all`} data-testid="process-cpu">
      {r.cpuPercent}%
    </span>
  );
}

/** Vault's running_plugin_version / running_sha256 of the live process. */
export function RunningCell({ process }: { process: PluginProcessView }) {
  if (process.runningSha256 === null) return <span className="muted">—</span>;
  return (
    <span data-testid="process-running">
      <span title="running_plugin_version: what the plugin's version service reports">{process.runningVersion || <span className="muted">no version</span>}</span>
      <br />
      <span className="mono muted" title={`running_sha256 ${process.runningSha256}`}>
        {shortHash(process.runningSha256)}
      </span>
    </span>
  );
}
