/**
 * `bao agent` against Strongroom and against OpenBao: auto-auth from a token file (a child token
 * made for it), a template that renders a KV v2 secret into a file, and the file re-rendered when
 * the secret changes. Compared: the rendered text at each stage.
 */
import assert from 'node:assert/strict';
import { exitWith, runBao, type CliAnswer } from './support/bao-cli';
import { startAgent, waitForRender, type RunningAgent } from './support/bao-agent';
import { baoInit, baoUnseal } from './support/bao-init';
import { clientSuite, type Session } from './support/client-suite';

const ok = exitWith(0);
const agents = new WeakMap<Session, RunningAgent>();
const TEMPLATE = 'password={{ .Data.data.password }} version={{ .Data.metadata.version }}';

function agentOf(session: Session): RunningAgent {
  const agent = agents.get(session);
  if (agent === undefined) throw new Error(`host ${session.host.label}: the agent did not start`);
  return agent;
}

const rendered = (text: string) => (answer: unknown) => assert.equal(answer, text);

clientSuite('bao agent', [
  baoInit,
  baoUnseal,
  { name: 'secrets enable -version=2 kv', run: (s) => runBao(s, ['secrets', 'enable', '-path=app', '-version=2', 'kv']), expect: ok },
  { name: 'kv put the first value', run: (s) => runBao(s, ['kv', 'put', 'app/config', 'password=one']), expect: ok },
  {
    name: 'token create for the agent',
    run: async (s) => {
      const answer = await runBao(s, ['token', 'create', '-format=json', '-ttl=1h', '-display-name=agent']);
      s.save('agent_token', (((answer.stdout as Record<string, unknown> | null)?.auth ?? {}) as Record<string, unknown>).client_token);
      return answer;
    },
    expect: (answer) => ok(answer as CliAnswer),
  },
  {
    name: 'agent renders the secret',
    run: async (s) => {
      const agent = await startAgent(s, s.get('agent_token'), 'app/data/config', TEMPLATE);
      agents.set(s, agent);
      return waitForRender(agent, (text) => text.includes('password=one'), 'the first value');
    },
    expect: rendered('password=one version=1'),
  },
  { name: 'kv put a new value', run: (s) => runBao(s, ['kv', 'put', 'app/config', 'password=two']), expect: ok },
  {
    name: 'agent re-renders the changed secret',
    run: (s) => waitForRender(agentOf(s), (text) => text.includes('password=two'), 'the changed value'),
    expect: rendered('password=two version=2'),
  },
  { name: 'kv patch', run: (s) => runBao(s, ['kv', 'patch', 'app/config', 'password=three']), expect: ok },
  {
    name: 'agent re-renders the patched secret',
    run: (s) => waitForRender(agentOf(s), (text) => text.includes('password=three'), 'the patched value'),
    expect: rendered('password=three version=3'),
  },
]);
