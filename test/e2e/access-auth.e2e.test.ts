/**
 * Auth methods on the Access page, in Chromium against the headless mode with the Vault API:
 * HashiCorp's JWT plugin registered as an auth plugin on the Plugins page, enabled at `jwt/` on the
 * Access page, given a public key and a role (as its docs say, `auth/jwt/config` and
 * `auth/jwt/role/<name>`), then a JWT signed here logs in through the login form generated from
 * the plugin's own OpenAPI; the token is shown once and works over the API with the role's
 * policies; a bad JWT shows the plugin's refusal; disabling says it revokes the token, and does.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { screenshot } from '../support/browser';
import type { TestApp } from '../support/headless-app';
import { jwtSigner, type JwtSigner } from '../support/jwt';
import { copyIntoPluginDirectory, go, initialise, uiSuite } from './support/ui-steps';
import { fixturePath } from '../fixtures/plugins/fixtures';

const JWT = 'vault-plugin-auth-jwt';
const AUDIENCE = 'strongroom-e2e';
let app: TestApp;
let page: Page;
let problems: string[];
let signer: JwtSigner;
let token: string;
const step = uiSuite({ fixtures: [JWT], vaultApi: true }, (session) => {
  ({ app, page, problems } = session);
  signer = jwtSigner();
});

async function configure(apiPath: string, data: Record<string, unknown>): Promise<void> {
  const reply = await app.services.dispatch('requests.handle', { path: apiPath, operation: 'write', data });
  assert.ok(reply.ok, JSON.stringify(reply));
}

step('an auth plugin registered on the Plugins page is enabled at jwt/ on the Access page', async () => {
  await initialise(page);
  const file = await copyIntoPluginDirectory(app, fixturePath(JWT));
  await go(page, '#/plugins', 'Plugins');
  const register = page.getByTestId('register-form');
  await register.getByLabel('Type').selectOption('auth');
  await register.getByLabel('Binary').fill(file);
  await register.getByRole('button', { name: 'Compute sha256' }).click();
  await register.getByTestId('sha256').waitFor();
  await register.getByLabel('Name').fill('jwt-ext');
  await register.getByLabel('Version').fill('v0.26.1');
  await register.getByRole('button', { name: 'Register' }).click();
  await page.getByTestId('catalog-table').getByRole('rowheader', { name: 'jwt-ext', exact: true }).waitFor();

  await go(page, '#/access', 'Access');
  const enable = page.getByRole('form', { name: 'Enable auth method' });
  await enable.getByLabel('Auth plugin').selectOption('jwt-ext@v0.26.1');
  await enable.getByLabel('At auth/').fill('jwt');
  await enable.getByRole('button', { name: 'Enable' }).click();
  const row = page.getByTestId('auth-table').locator('tr[data-auth="jwt/"]');
  await row.getByRole('cell', { name: 'jwt-ext' }).waitFor();
  const listed = await app.services.dispatch('requests.handle', { path: 'sys/auth', operation: 'read' });
  assert.ok(listed.ok);
  assert.equal((listed.result as { data: Record<string, { type: string }> }).data['jwt/']?.type, 'jwt-ext');
});

step('a JWT signed here logs in through the form built from the plugin\'s OpenAPI; the token is shown once', async () => {
  await configure('auth/jwt/config', { jwt_validation_pubkeys: [signer.publicKeyPem] });
  await configure('auth/jwt/role/dev', { role_type: 'jwt', bound_audiences: [AUDIENCE], user_claim: 'sub', token_policies: ['dev'], token_ttl: '1h' });
  await page.getByTestId('auth-table').locator('tr[data-auth="jwt/"]').getByRole('button', { name: 'Log in…' }).click();
  const form = page.getByTestId('login-form');
  await form.getByRole('heading', { name: 'Log in with auth/jwt/' }).waitFor();
  await form.getByLabel('role', { exact: true }).fill('dev');
  await form.getByLabel('jwt', { exact: true }).fill(signer.sign({ sub: 'alice', aud: 'someone-else' }));
  await form.getByRole('button', { name: 'Log in' }).click();
  await form.getByRole('alert').getByText(/invalid audience \(aud\) claim/).waitFor();

  await form.getByLabel('jwt', { exact: true }).fill(signer.sign({ sub: 'alice', aud: AUDIENCE }));
  await form.getByRole('button', { name: 'Log in' }).click();
  token = (await form.getByTestId('login-token-id').innerText()).trim();
  assert.match(token, /^s\.[A-Za-z0-9]{24}$/);
  await screenshot(page, 'access-jwt-login');
  assert.ok(app.vaultApi !== undefined);
  const self = await fetch(`${app.vaultApi.url}/v1/auth/token/lookup-self`, { headers: { 'X-Vault-Token': token } });
  assert.equal(self.status, 200);
  const data = ((await self.json()) as { data: { policies: string[]; path: string; display_name: string } }).data;
  assert.deepEqual([data.policies, data.path, data.display_name], [['default', 'dev'], 'auth/jwt/login', 'jwt-alice']);
  await form.getByRole('button', { name: 'Done, hide it' }).click();
  await form.getByRole('button', { name: 'Log in' }).waitFor();
  assert.equal(await page.evaluate((t) => document.body.innerHTML.includes(t), token), false, 'the token is off the page');
});

step('disabling says it revokes the token the login issued, and does', async () => {
  await page.getByRole('button', { name: 'Refresh' }).click();
  await page.getByTestId('tokens-table').getByRole('cell', { name: 'jwt-alice' }).waitFor();
  await page.getByTestId('auth-table').locator('tr[data-auth="jwt/"]').getByRole('button', { name: 'Disable…' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByTestId('disable-auth-effect').getByText(/the 1 token it issued is revoked/).waitFor();
  await dialog.getByRole('button', { name: 'Disable auth/jwt/' }).click();
  await page.getByTestId('auth-table').locator('tr[data-auth="jwt/"]').waitFor({ state: 'detached' });
  assert.ok(app.vaultApi !== undefined);
  const self = await fetch(`${app.vaultApi.url}/v1/auth/token/lookup-self`, { headers: { 'X-Vault-Token': token } });
  assert.equal(self.status, 403, 'the login\'s token went with its method');
  assert.equal(await page.getByTestId('tokens-table').getByRole('cell', { name: 'jwt-alice' }).count(), 0);
  assert.deepEqual(problems, []);
});
