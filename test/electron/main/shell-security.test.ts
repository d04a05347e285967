import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { isExternalLink, isOurFrame, originOf, rendererFileFor, type IpcSenderEvent } from '../../../electron/main/shell-security';

describe('originOf', () => {
  const cases: Array<[string, string | undefined, string | undefined]> = [
    ['the app page', 'strongroom://app/index.html', 'strongroom://app'],
    ['a look-alike host', 'strongroom://app.evil/index.html', 'strongroom://app.evil'],
    ['a port', 'strongroom://app:8080/', 'strongroom://app:8080'],
    ['file://', 'file:///opt/strongroom/renderer/index.html', 'file://'],
    ['devtools', 'devtools://devtools/bundled/devtools_app.html', 'devtools://devtools'],
    ['https', 'https://example.com/a', 'https://example.com'],
    ['not a URL', 'index.html', undefined],
    ['no URL', undefined, undefined],
  ];
  for (const [name, url, origin] of cases) test(name, () => assert.equal(originOf(url), origin));
});

describe('isOurFrame', () => {
  const ours = { id: 1 };
  const topFrame = { url: 'strongroom://app/index.html', parent: null };
  const event = (sender: unknown, senderFrame: IpcSenderEvent['senderFrame']): IpcSenderEvent => ({ sender, senderFrame });

  test('accepts the top frame of our window on the app origin, any page of it', () => {
    assert.equal(isOurFrame(event(ours, topFrame), ours), true);
    assert.equal(isOurFrame(event(ours, { url: 'strongroom://app/mounts?x=1#y', parent: null }), ours), true);
  });

  const refused: Array<[string, IpcSenderEvent]> = [
    ['another window’s web contents', event({ id: 2 }, topFrame)],
    ['a subframe on the app origin', event(ours, { url: 'strongroom://app/index.html', parent: topFrame })],
    ['a frame that is gone (senderFrame null)', event(ours, null)],
    ['no sender frame at all', event(ours, undefined)],
    ['file://', event(ours, { url: 'file:///opt/strongroom/renderer/index.html', parent: null })],
    ['devtools', event(ours, { url: 'devtools://devtools/bundled/devtools_app.html', parent: null })],
    ['a page navigated to https', event(ours, { url: 'https://example.com/', parent: null })],
    ['a look-alike host', event(ours, { url: 'strongroom://app.evil/index.html', parent: null })],
    ['the app scheme on another host', event(ours, { url: 'strongroom://other/index.html', parent: null })],
    ['the app host with a port', event(ours, { url: 'strongroom://app:1/index.html', parent: null })],
    ['another scheme with the same host', event(ours, { url: 'strongroomx://app/index.html', parent: null })],
    ['about:blank', event(ours, { url: 'about:blank', parent: null })],
    ['an empty URL', event(ours, { url: '', parent: null })],
  ];
  for (const [name, e] of refused) test(`refuses ${name}`, () => assert.equal(isOurFrame(e, ours), false));
});

describe('rendererFileFor', () => {
  const root = path.resolve('/opt/strongroom/renderer');
  const file = (...parts: string[]) => path.join(root, ...parts);

  const served: Array<[string, string, string]> = [
    ['the root is index.html', 'strongroom://app/', file('index.html')],
    ['a file', 'strongroom://app/index.html', file('index.html')],
    ['a nested asset', 'strongroom://app/assets/main.js', file('assets', 'main.js')],
    ['a query string is ignored', 'strongroom://app/index.html?../../etc/passwd', file('index.html')],
    ['a fragment is ignored', 'strongroom://app/app.css#../../x', file('app.css')],
    ['a percent-encoded name is decoded', 'strongroom://app/a%20b.js', file('a b.js')],
    ['a `..` that stays inside', 'strongroom://app/assets/../index.html', file('index.html')],
    // The URL parser resolves `..` (also `%2e%2e`) itself and never above the root: they stay inside.
    ['traversal, clamped by the URL parser', 'strongroom://app/../../etc/passwd', file('etc', 'passwd')],
    ['encoded dots, clamped likewise', 'strongroom://app/%2e%2e/%2e%2e/etc/passwd', file('etc', 'passwd')],
    ['a sibling folder’s name, clamped likewise', 'strongroom://app/../renderer-other/index.html', file('renderer-other', 'index.html')],
  ];
  for (const [name, url, expected] of served) test(`serves ${name}`, () => assert.equal(rendererFileFor(url, root), expected));

  const refused: Array<[string, string]> = [
    ['traversal through encoded slashes', 'strongroom://app/..%2F..%2Fetc%2Fpasswd'],
    ['traversal through encoded dots and slashes', 'strongroom://app/%2e%2e%2f%2e%2e%2fetc%2fpasswd'],
    ['a sibling folder sharing the prefix', 'strongroom://app/..%2Frenderer-other%2Findex.html'],
    ['the folder itself', 'strongroom://app/assets%2F..'],
    ['a doubly absolute path', 'strongroom://app//etc/passwd'],
    ['an encoded absolute path', 'strongroom://app/%2Fetc%2Fpasswd'],
    ['a backslash', 'strongroom://app/..\\..\\etc\\passwd'],
    ['an encoded backslash', 'strongroom://app/assets%5Cmain.js'],
    ['a NUL byte', 'strongroom://app/index.html%00.png'],
    ['a malformed escape', 'strongroom://app/%E0%A4%A'],
    ['another host', 'strongroom://evil/index.html'],
    ['another scheme', 'file:///opt/strongroom/renderer/index.html'],
    ['not a URL', 'index.html'],
  ];
  for (const [name, url] of refused) test(`refuses ${name}`, () => assert.equal(rendererFileFor(url, root), undefined));
});

describe('isExternalLink', () => {
  test('hands https links to the system browser', () => {
    for (const url of ['https://developer.hashicorp.com/vault/docs', 'HTTPS://example.com/']) assert.equal(isExternalLink(url), true, url);
  });
  const refused = ['http://example.com/', 'file:///etc/passwd', 'javascript:alert(1)', 'strongroom://app/index.html', 'data:text/html,x', 'ms-settings:', '//example.com', 'not a url'];
  for (const url of refused) test(`refuses ${url}`, () => assert.equal(isExternalLink(url), false));
});
