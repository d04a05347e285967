/**
 * Times one plugin binary through Strongroom's own host (the plugin-host supervisor): cold start
 * (addMount → first answered read, fresh process each time, host certificate made beforehand)
 * and sequential read latency of hello/world after writing config.
 */
import path from 'node:path';
import { PluginCatalog, PluginSupervisor } from '../../plugin-host';
import { MemoryStorage } from '../../test/support/memory-storage';

export interface HostFigures {
  cold_start_ms: number;
  p50_us: number;
  p99_us: number;
}

const percentile = (samples: number[], p: number) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(Math.ceil((p / 100) * sorted.length) - 1, 0)] ?? NaN;
};

export async function hostBench(binary: string, options: { coldStarts: number; requests: number }): Promise<HostFigures> {
  const catalog = new PluginCatalog({ pluginDirectory: path.dirname(binary) });
  await catalog.register({ type: 'secret', name: 'hello', command: path.basename(binary), args: [] });
  const supervisor = new PluginSupervisor({ catalog });
  await supervisor.ready();
  try {
    const starts: number[] = [];
    for (let i = 0; i < options.coldStarts; i += 1) {
      const id = `cold-${i}`;
      const started = performance.now();
      supervisor.addMount({ id, path: `${id}/`, pluginType: 'secret', pluginName: 'hello', storage: new MemoryStorage() });
      await supervisor.request(id, { operation: 'read', path: 'hello/world' }).catch(() => undefined); // "not configured" is an answer
      starts.push(performance.now() - started);
      await supervisor.removeMount(id);
    }
    supervisor.addMount({ id: 'warm', path: 'warm/', pluginType: 'secret', pluginName: 'hello', storage: new MemoryStorage() });
    await supervisor.request('warm', { operation: 'update', path: 'config', data: { custom_prefix: 'bench says hi to ' } });
    const read = () => supervisor.request('warm', { operation: 'read', path: 'hello/world' });
    for (let i = 0; i < Math.min(options.requests / 10 + 1, 200); i += 1) await read();
    const samples: number[] = [];
    for (let i = 0; i < options.requests; i += 1) {
      const started = performance.now();
      await read();
      samples.push((performance.now() - started) * 1000);
    }
    return {
      cold_start_ms: Math.round(percentile(starts, 50) * 10) / 10,
      p50_us: Math.round(percentile(samples, 50)),
      p99_us: Math.round(percentile(samples, 99)),
    };
  } finally {
    await supervisor.stop();
  }
}
