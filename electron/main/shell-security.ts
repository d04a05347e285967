/**
 * The Electron shell's security decisions, kept free of Electron imports so plain Node tests can
 * try them (CI has no Electron binary): which IPC senders are ours, which file a
 * `strongroom://app/…` request may read, and which links may leave for the system browser.
 * `main.ts` only wires them to Electron.
 */
import path from 'node:path';
import { APP_ORIGIN } from './window-options';

/** The origin of a frame URL (scheme://host), compared whole: a prefix match would accept strongroom://app.evil. */
export function originOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return undefined;
  }
}

/** The parts of Electron's IpcMainInvokeEvent the check reads (WebContents and WebFrameMain fit it). */
export interface IpcSenderEvent {
  readonly sender: unknown;
  readonly senderFrame: { readonly url: string; readonly parent: unknown } | null | undefined;
}

/**
 * An IPC message is ours when it comes from our window's web contents, from its top frame (a
 * subframe could be anything the page embedded), and that frame shows the app's own origin — not
 * devtools://, file://, a page navigated elsewhere, or a look-alike host.
 */
export function isOurFrame(event: IpcSenderEvent, ourWebContents: unknown): boolean {
  const frame = event.senderFrame;
  if (event.sender !== ourWebContents || frame === null || frame === undefined) return false;
  return frame.parent === null && originOf(frame.url) === APP_ORIGIN;
}

/**
 * The renderer file a `strongroom://app/…` request names, or undefined (answered 404) for anything
 * outside `rendererDir`: another host, `..` (also percent-encoded), absolute paths, backslashes,
 * NUL bytes, malformed escapes. Query and fragment are ignored; `/` is `index.html`.
 */
export function rendererFileFor(requestUrl: string, rendererDir: string): string | undefined {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return undefined;
  }
  if (originOf(url.href) !== APP_ORIGIN) return undefined;
  let relative: string;
  try {
    relative = decodeURIComponent(url.pathname === '/' ? 'index.html' : url.pathname.slice(1));
  } catch {
    return undefined;
  }
  if (relative === '' || relative.includes('\0') || relative.includes('\\') || path.isAbsolute(relative)) return undefined;
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, relative);
  return file.startsWith(root + path.sep) ? file : undefined;
}

/** A link the window may not open itself but may hand to the system browser: https only (no file:, javascript:, custom schemes). */
export function isExternalLink(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}
