/**
 * A mount's help is rendered as the markdown it is, in Chromium: the custom Go fixture's
 * DESCRIPTION as a heading with its prose, the path patterns folded away, no literal "##"; and
 * the same engine mounted without a description shows no empty DESCRIPTION heading.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { fixturePath } from '../fixtures/plugins/fixtures';
import { screenshot } from '../support/browser';
import type { TestApp } from '../support/headless-app';
import { copyIntoPluginDirectory, enableMount, go, registerPlugin, uiSuite } from './support/ui-steps';

let app: TestApp;
let page: Page;
let problems: string[];
const step = uiSuite({ fixtures: ['strongroom-custom'], initialise: true }, (session) => {
  ({ app, page, problems } = session);
});

step('register the custom engine; mount it with and without its description', async () => {
  const file = await copyIntoPluginDirectory(app, fixturePath('strongroom-custom'));
  await registerPlugin(page, file, 'custom', 'v0.1.0');
  await enableMount(page, 'custom@v0.1.0', 'custom/');
  await enableMount(page, 'custom@v0.1.0', 'bare/', { description: 'none' });
});

step('the description renders as markdown: a heading and its paragraphs, no "##"', async () => {
  await go(page, '#/browse/custom/', 'Browse custom/');
  const help = page.getByTestId('mount-help');
  await help.getByRole('heading', { name: 'DESCRIPTION', level: 3 }).waitFor();
  const paragraphs = await help.locator('.help-text').first().locator('p').allInnerTexts();
  assert.match(paragraphs[0] ?? '', /^The strongroom-custom engine is a test fixture/);
  assert.match(paragraphs[1] ?? '', /"hello\/<name>"/, 'text in angle brackets is shown, not swallowed as HTML');
  assert.doesNotMatch(await help.innerText(), /##/);
  const patterns = help.locator('details.help-paths');
  assert.equal(await patterns.getAttribute('open'), null, 'path patterns start folded');
  await patterns.locator('summary').click();
  assert.match(await patterns.locator('pre').first().innerText(), /\^config\$/);
  await screenshot(page, 'help-text-markdown');
});

step('without a description there is no empty DESCRIPTION heading', async () => {
  await go(page, '#/browse/bare/', 'Browse bare/');
  const help = page.getByTestId('mount-help');
  await help.locator('details.help-paths').waitFor();
  const text = await help.innerText();
  assert.doesNotMatch(text, /DESCRIPTION|##/);
  assert.equal(await help.getByRole('heading').count(), 0);
  assert.match(text, /Pick a path on the left/);
  await screenshot(page, 'help-text-no-description');
});

step('no page or console errors', async () => {
  assert.deepEqual(problems, []);
});
