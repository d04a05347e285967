/**
 * Replies with their own status, content type and body (the strongroom-custom fixture's `raw/*`
 * paths, shaped like PKI's `ca/pem`, `ca`, tidy): PEM shown as text with a copy button, DER
 * offered as a download of the same bytes, the 202's status and warning shown, a bad raw reply
 * shown as the error Vault answers.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { fixturePath } from '../fixtures/plugins/fixtures';
import { screenshot } from '../support/browser';
import type { TestApp } from '../support/headless-app';
import { copyIntoPluginDirectory, enableMount, go, registerPlugin, send, uiSuite } from './support/ui-steps';

/** What the fixture's path_raw.go builds: a SEQUENCE header, then every byte value. */
const DER = Buffer.from([0x30, 0x82, 0x01, 0x00, ...Array.from({ length: 256 }, (_, i) => i)]);
const PEM = `-----BEGIN CERTIFICATE-----\n${DER.toString('base64').match(/.{1,64}/g)?.join('\n')}\n-----END CERTIFICATE-----\n`;

let app: TestApp;
let page: Page;
let problems: string[];
const step = uiSuite({ fixtures: ['strongroom-custom'], initialise: true }, (session) => {
  ({ app, page, problems } = session);
});

step('register and enable the custom engine', async () => {
  const file = await copyIntoPluginDirectory(app, fixturePath('strongroom-custom'));
  await registerPlugin(page, file, 'custom', 'v0.1.0');
  await enableMount(page, 'custom@v0.1.0', 'custom/');
});

step('a PEM body is shown as text in a monospace block, with its content type and size, and copies', async () => {
  await go(page, '#/request/custom/raw/pem?op=read', 'custom/raw/pem');
  await send(page, 'Read');
  const response = page.getByTestId('response');
  const block = response.getByLabel('Body (application/pem-certificate-chain)');
  assert.equal(await block.textContent(), PEM);
  assert.equal(await block.evaluate((el) => el.tagName), 'PRE');
  assert.match(await block.evaluate((el) => getComputedStyle(el).fontFamily), /mono/i);
  assert.equal(await response.getByTestId('raw-facts').innerText(), `Raw reply · application/pem-certificate-chain · ${Buffer.byteLength(PEM)} B`);
  assert.equal(await response.getByTestId('response-status').count(), 0, 'status 200 is not shown');
  assert.equal(await response.getByRole('button', { name: 'Show values' }).count(), 0, 'a raw body has no values to mask');
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(app.server.url).origin });
  await response.getByRole('button', { name: 'Copy text' }).click();
  await response.getByRole('button', { name: 'Copied' }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), PEM);
  await screenshot(page, 'raw-pem');
});

step('a DER body is offered as a download of the same bytes, with its size and content type', async () => {
  await go(page, '#/request/custom/raw/der?op=read', 'custom/raw/der');
  await send(page, 'Read');
  const response = page.getByTestId('response');
  assert.equal(await response.getByTestId('raw-facts').innerText(), 'Raw reply · application/pkix-cert · 260 B');
  assert.match(await response.getByTestId('raw-body').innerText(), /binary body of 260 bytes/);
  assert.deepEqual(await response.getByTestId('response-warning').allInnerTexts(), ["Binary body: Vault's HTTP layer sends it without this warning."]);
  const [download] = await Promise.all([page.waitForEvent('download'), response.getByRole('link', { name: 'Download der.der' }).click()]);
  assert.equal(download.suggestedFilename(), 'der.der');
  const saved = await download.path();
  assert.deepEqual(fs.readFileSync(saved), DER);
  await screenshot(page, 'raw-der-download');
});

step('a JSON document is shown as its text', async () => {
  await go(page, '#/request/custom/raw/json?op=read', 'custom/raw/json');
  await send(page, 'Read');
  assert.equal(await page.getByTestId('response').getByLabel('Body (application/json)').textContent(), '{"keys":["a","b"]}');
});

step('a 202 shows its status and its warning', async () => {
  await go(page, '#/request/custom/raw/accepted?op=write', 'custom/raw/accepted');
  await send(page, 'Write');
  const response = page.getByTestId('response');
  assert.equal(await response.getByTestId('response-status').innerText(), 'HTTP 202');
  assert.deepEqual(await response.getByTestId('response-warning').allInnerTexts(), ['Accepted: the work goes on in the background.']);
  assert.match(await response.getByTestId('response-json').innerText(), /No data/);
  await screenshot(page, 'raw-accepted-202');
});

step('a bad raw reply shows the error Vault answers (500), with its code', async () => {
  await go(page, '#/request/custom/raw/bad?op=read', 'custom/raw/bad');
  await send(page, 'Read');
  const error = page.getByTestId('error-notice');
  assert.equal(await error.getAttribute('data-code'), 'bad_raw_reply');
  assert.match(await error.innerText(), /cannot decode content type/);
  await screenshot(page, 'raw-bad-reply');
});

step('no page or console errors', async () => {
  assert.deepEqual(problems, []);
});
