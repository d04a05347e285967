/**
 * The Access page's tokens, in Chromium against the headless mode with the Vault API on a free
 * port: a token made with a policy picked from the existing ones, a TTL and a use count is shown
 * once and works over the API with exactly that; the list shows it by accessor with its display
 * name, policies and expiry; a bad TTL or use count is refused on the page; the revoke dialog says how many
 * child tokens go with a tree revocation, and revoking alone leaves the children working.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { screenshot } from '../support/browser';
import type { TestApp } from '../support/headless-app';
import { initialise, uiSuite } from './support/ui-steps';

let app: TestApp;
let page: Page;
let problems: string[];
let token: string;
let accessor: string;
let childToken: string;
let grandchildToken: string;
const step = uiSuite({ fixtures: [], vaultApi: true }, (session) => {
  ({ app, page, problems } = session);
});

interface ApiReply {
  data?: { policies: string[]; creation_ttl: number; renewable: boolean; display_name: string; accessor: string; orphan: boolean };
  auth?: { client_token: string };
}

/** A Vault API request with `token`, as any client sends it. */
async function api(method: string, apiPath: string, token: string, body?: unknown): Promise<{ status: number; json: ApiReply }> {
  assert.ok(app.vaultApi !== undefined);
  const reply = await fetch(`${app.vaultApi.url}/v1/${apiPath}`, { method, headers: { 'X-Vault-Token': token }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await reply.text();
  return { status: reply.status, json: text === '' ? {} : (JSON.parse(text) as ApiReply) };
}

function row(accessorOf: string) {
  return page.getByTestId('tokens-table').locator(`tr[data-accessor="${accessorOf}"]`);
}

step('the Access page lists the root token and offers the existing policies', async () => {
  await initialise(page);
  const written = await app.services.dispatch('requests.handle', {
    path: 'sys/policies/acl/deployer',
    operation: 'write',
    data: { policy: 'path "auth/token/create" { capabilities = ["update"] }\npath "secret/*" { capabilities = ["read"] }' },
  });
  assert.ok(written.ok, JSON.stringify(written));
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Access' }).click();
  await page.getByRole('heading', { name: 'Access', exact: true }).waitFor();
  await page.getByTestId('tokens-table').getByRole('cell', { name: 'root', exact: true }).first().waitFor();
  const form = page.getByRole('form', { name: 'Create token' });
  await form.getByLabel('deployer').waitFor();
  assert.equal(await form.getByLabel('root', { exact: true }).count(), 0, 'root is no policy to hand out');
  await form.getByLabel('TTL').fill('ten minutes');
  await form.getByText(/"ten minutes" has spaces; write it without them/).waitFor();
  assert.equal(await form.getByRole('button', { name: 'Create token' }).isDisabled(), true);
  await form.getByLabel('TTL').fill('10m');
  await form.getByLabel('Uses (0 = unlimited)').fill('many');
  await form.getByText(/uses must be a whole number: 0 for unlimited/).waitFor();
  assert.equal(await form.getByRole('button', { name: 'Create token' }).isDisabled(), true);
  await form.getByLabel('Uses (0 = unlimited)').fill('0');
});

step('a new token is shown once and works over the API with the policies, TTL and uses picked', async () => {
  const form = page.getByRole('form', { name: 'Create token' });
  await form.getByLabel('deployer').check();
  await form.getByLabel('Display name').fill('deploy-script');
  await form.getByLabel('TTL').fill('10m');
  await form.getByLabel('Renewable').uncheck();
  await form.getByRole('button', { name: 'Create token' }).click();
  const shown = page.getByTestId('new-token');
  token = (await shown.getByTestId('new-token-id').innerText()).trim();
  assert.match(token, /^s\.[A-Za-z0-9]{24}$/);
  await screenshot(page, 'access-new-token');
  const self = await api('GET', 'auth/token/lookup-self', token);
  assert.equal(self.status, 200, JSON.stringify(self.json));
  assert.deepEqual(self.json.data?.policies, ['default', 'deployer']);
  assert.deepEqual([self.json.data?.creation_ttl, self.json.data?.renewable, self.json.data?.display_name], [600, false, 'token-deploy-script']);
  accessor = self.json.data?.accessor ?? '';
  await shown.getByRole('button', { name: 'Done, hide it' }).click();
  await page.getByRole('form', { name: 'Create token' }).waitFor();
  assert.equal(await page.evaluate((t) => document.body.innerHTML.includes(t), token), false, 'the token is off the page');
});

step('the list shows it by accessor with display name, policies and expiry', async () => {
  const listed = row(accessor);
  await listed.waitFor();
  assert.equal(await listed.getByRole('cell', { name: 'token-deploy-script' }).count(), 1);
  assert.equal(await listed.getByRole('cell', { name: 'default, deployer' }).count(), 1);
  const lookup = await app.services.dispatch('tokens.list', {});
  assert.ok(lookup.ok);
  const expire = (lookup.result as { tokens: { accessor: string; expireTime: string }[] }).tokens.find((t) => t.accessor === accessor)?.expireTime;
  assert.ok(expire !== undefined);
  assert.match(await listed.innerText(), new RegExp(new Date(expire).toLocaleString().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
});

step('the revoke dialog counts the children; revoking alone leaves them working', async () => {
  const child = await api('POST', 'auth/token/create', token, { policies: ['deployer'], display_name: 'child' });
  assert.equal(child.status, 200, JSON.stringify(child.json));
  const grandchild = await api('POST', 'auth/token/create', child.json.auth?.client_token ?? '', { policies: ['deployer'], display_name: 'grandchild' });
  assert.equal(grandchild.status, 200, JSON.stringify(grandchild.json));
  childToken = child.json.auth?.client_token ?? '';
  grandchildToken = grandchild.json.auth?.client_token ?? '';
  await page.getByRole('button', { name: 'Refresh' }).click();
  await row(accessor).getByRole('cell', { name: '2', exact: true }).waitFor();
  await row(accessor).getByRole('button', { name: 'Revoke…' }).click();
  const dialog = page.getByRole('dialog');
  assert.match(await dialog.getByTestId('revoke-tree-count').innerText(), /2 tokens it created \(with their children\) go too/);
  assert.match(await dialog.getByTestId('revoke-orphan-count').innerText(), /its 1 token become orphans/);
  await dialog.getByRole('button', { name: 'Revoke 3 tokens' }).waitFor();
  await screenshot(page, 'access-revoke-dialog');
  await dialog.getByLabel(/Revoke it alone/).check();
  await dialog.getByRole('button', { name: 'Revoke this token only' }).click();
  await row(accessor).waitFor({ state: 'detached' });
  assert.equal((await api('GET', 'auth/token/lookup-self', token)).status, 403, 'the revoked token is refused');
  const orphaned = await api('GET', 'auth/token/lookup-self', child.json.auth?.client_token ?? '');
  assert.equal(orphaned.status, 200, 'its child still works');
  assert.equal(orphaned.json.data?.orphan, true);
});

step('revoking the tree takes the descendants along', async () => {
  const childAccessor = (await api('GET', 'auth/token/lookup-self', childToken)).json.data?.accessor;
  assert.ok(typeof childAccessor === 'string');
  await page.getByRole('button', { name: 'Refresh' }).click();
  await row(childAccessor).getByRole('button', { name: 'Revoke…' }).click();
  const dialog = page.getByRole('dialog');
  assert.match(await dialog.getByTestId('revoke-tree-count').innerText(), /1 token it created/);
  await dialog.getByRole('button', { name: 'Revoke 2 tokens' }).click();
  await row(childAccessor).waitFor({ state: 'detached' });
  assert.equal((await api('GET', 'auth/token/lookup-self', grandchildToken)).status, 403, 'the grandchild went too');
  assert.equal(await page.getByTestId('tokens-table').getByRole('cell', { name: 'token-grandchild' }).count(), 0);
  assert.deepEqual(problems, []);
});
