/**
 * The UI stays responsive while a plugin floods its stderr. Chromium has the Plugins page open
 * (log pane showing) while the misbehave fixture writes 200,000 lines (bounded: 50,000) to stderr;
 * meanwhile a person switches to another page and back and changes the log pane's level filter.
 * Each interaction is timed inside the page, from the input event's own timestamp (so time the
 * event waited behind a busy main thread counts) to the first animation frame that shows the
 * result. The worst of them is `ui_click_ms_during_flood`. The same interactions for as long
 * before the flood give `ui_click_ms_without_flood`, the baseline of the same run: the flood may add
 * at most 50 ms to it, and on a quiet machine the worst stays within 100 ms (the bound is the larger
 * of the two, so a machine busy with other work, which slows both alike, does not fail the flood).
 * When even the baseline is over 100 ms, the bound cannot be judged and the test says so as a skip.
 * Afterwards a reload of the page still shows the lines (`plugins.logs`).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { ensureFixtures, fixturePath } from '../fixtures/plugins/fixtures';
import { copyIntoPluginDirectory, go, initialise, openUiSession, type UiSession } from '../e2e/support/ui-steps';
import { recordFigures } from './figures';
import { byMode } from './run-mode';
import { median, round, worst } from './stats';

const FLOOD_LINES = byMode(50_000, 200_000);
const FLOOD_MS = byMode(5_000, 10_000);
const CLICK_BOUND_MS = 100;
/** What the flood may add to the slowest interaction without it, measured in the same run. */
const FLOOD_MAY_ADD_MS = 50;
const MIN_INTERACTIONS = byMode(6, 12);

let session: UiSession;
let page: Page;

declare global {
  interface Window {
    /** `timeStamp` of the last click or keydown (the input's own time, not when it was handled). */
    floodLastInput?: number;
    /** When the awaited result was first seen, in an animation frame callback (before that frame's paint). */
    floodDoneAt?: number;
  }
}

/** Records input timestamps; survives the reload. */
async function instrument(target: Page): Promise<void> {
  await target.addInitScript(() => {
    for (const type of ['click', 'keydown']) document.addEventListener(type, (event) => (window.floodLastInput = event.timeStamp), true);
  });
  await target.reload();
}

type Expectation = { heading: string } | { level: string };

/** Input → first frame showing the expected result, measured in the page (ms). */
async function timed(act: () => Promise<void>, expected: Expectation): Promise<number> {
  // A string, not a function: tsx's name-keeping helper (`__name`) does not exist in the page.
  await page.evaluate(`(() => {
    const want = ${JSON.stringify(expected)};
    window.floodDoneAt = undefined;
    window.floodLastInput = undefined;
    const shown = () => 'heading' in want
      ? document.querySelector('main h1')?.textContent === want.heading
      : document.querySelector('[data-testid="log-pane"]')?.dataset.level === want.level;
    const frame = () => {
      if (window.floodLastInput !== undefined && shown()) window.floodDoneAt = performance.now();
      else requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  })()`);
  await act();
  await page.waitForFunction(() => window.floodDoneAt !== undefined, undefined, { timeout: 30_000 });
  const [input, done] = await page.evaluate(() => [window.floodLastInput, window.floodDoneAt]);
  if (input === undefined || done === undefined) throw new Error('the interaction was not recorded');
  return Math.max(0, done - input);
}

before(async () => {
  await ensureFixtures({ names: ['strongroom-misbehave'], log: () => {} });
  session = await openUiSession();
  page = session.page;
  await instrument(page);
  await initialise(page);
  const file = await copyIntoPluginDirectory(session.app, fixturePath('strongroom-misbehave'));
  for (const [method, args] of [
    ['plugins.register', { name: 'flood', command: file, args: ['serve'] }],
    ['mounts.enable', { path: 'flood', type: 'flood' }],
  ] as const) {
    const reply = await session.app.services.dispatch(method, args);
    if (!reply.ok) throw new Error(`${method}: ${reply.error.message}`);
  }
});
after(async () => {
  await session?.close();
});

test(`clicks are answered within ${CLICK_BOUND_MS} ms while a plugin writes ${FLOOD_LINES} stderr lines`, async (t) => {
  await go(page, '#/plugins', 'Plugins');
  await page.getByTestId('log-pane').waitFor();
  const nav = page.getByRole('navigation');
  const level = page.getByLabel('Level');

  /** One round: another page and back, then the level filter by keyboard. */
  const interactions = async (times: number[]) => {
    times.push(await timed(() => nav.getByRole('link', { name: 'Mounts' }).click(), { heading: 'Mounts' }));
    times.push(await timed(() => nav.getByRole('link', { name: 'Plugins' }).click(), { heading: 'Plugins' }));
    // ArrowDown on the closed select picks the next option (the pane was mounted afresh by the
    // page switch, so it starts at trace).
    await level.focus();
    times.push(await timed(() => page.keyboard.press('ArrowDown'), { level: 'debug' }));
  };
  // The same interactions for as long without a flood first: what this machine gives at all now.
  const quiet: number[] = [];
  const quietUntil = performance.now() + FLOOD_MS;
  while (performance.now() < quietUntil) await interactions(quiet);

  let flooding = true;
  const flood = session.app.services
    .dispatch('requests.handle', { path: `flood/flood-lines/${FLOOD_LINES}/${FLOOD_MS}`, operation: 'read' })
    .finally(() => (flooding = false));
  // Let the first lines reach the pane before interacting.
  await page.waitForFunction(() => Number(document.querySelector<HTMLElement>('[data-testid="log-pane"]')?.dataset['rows']) > 200);

  const times: number[] = [];
  while (flooding) await interactions(times);
  const reply = await flood;
  assert.ok(reply.ok, JSON.stringify(reply));
  assert.deepEqual((reply.result as { data: unknown }).data, { flooded_lines: FLOOD_LINES });

  const slowest = worst(times);
  recordFigures(import.meta.url, {
    ui_click_ms_during_flood: round(slowest),
    ui_click_median_ms: round(median(times)),
    ui_click_ms_without_flood: round(worst(quiet)),
    ui_click_bound_judged: worst(quiet) <= CLICK_BOUND_MS,
    ui_click_bound_ms: round(Math.max(CLICK_BOUND_MS, worst(quiet) + FLOOD_MAY_ADD_MS)),
    ui_interactions_during_flood: times.length,
    ui_flood_lines: FLOOD_LINES,
  });
  console.log(`interactions without a flood (ms): ${quiet.map((t) => round(t)).join(' ')}`);
  console.log(`interactions during the flood (ms): ${times.map((t) => round(t)).join(' ')}`);
  assert.ok(times.length >= MIN_INTERACTIONS, `only ${times.length} interactions fitted in the flood`);
  assert.deepEqual(session.problems, []);
  const all = (values: number[]) => values.map((value) => round(value)).join(', ');
  if (worst(quiet) > CLICK_BOUND_MS) {
    // Other work on the machine, not the flood, sets the figure: the bound cannot be judged now.
    t.skip(`this machine took ${round(worst(quiet))} ms for the same interactions without a flood (${all(quiet)}); during it ${round(slowest)} ms`);
    return;
  }
  const bound = Math.max(CLICK_BOUND_MS, worst(quiet) + FLOOD_MAY_ADD_MS);
  assert.ok(slowest <= bound, `the slowest interaction took ${round(slowest)} ms (bound ${round(bound)} ms: ${round(worst(quiet))} ms without a flood + ${FLOOD_MAY_ADD_MS}, at least ${CLICK_BOUND_MS}): ${all(times)}`);
});

test('the pane kept a bounded, virtualized view of the flood, and said it dropped lines', async () => {
  await page.getByLabel('Level').selectOption('trace');
  const pane = page.getByTestId('log-pane');
  await pane.getByText(/lines dropped: the plugin logs faster/).first().waitFor();
  const rows = Number(await pane.getAttribute('data-rows'));
  assert.ok(rows > 1_000 && rows <= 5_000, `${rows} rows in the buffer`);
  const inDom = await pane.locator('.log-line').count();
  assert.ok(inDom > 0 && inDom < 100, `${inDom} rows in the DOM (virtualized)`);
});

test('after a reload the pane shows the history from plugins.logs', async () => {
  await page.reload();
  await go(page, '#/plugins', 'Plugins');
  const pane = page.getByTestId('log-pane');
  await page.waitForFunction(() => Number(document.querySelector<HTMLElement>('[data-testid="log-pane"]')?.dataset['rows']) > 1_000);
  await pane.getByText(/flood line \d+ of/).first().waitFor();
  assert.deepEqual(session.problems, []);
});
