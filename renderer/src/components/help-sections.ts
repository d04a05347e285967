/**
 * A plugin's help text is markdown: Vault's framework writes `## DESCRIPTION`, `## PATHS`, … with
 * the plugin's own prose under them. A section with nothing under its heading — the DESCRIPTION
 * of a plugin that has none — is dropped rather than shown as a bare heading.
 */
const HEADING = /^(#{1,6})[ \t]+(.*?)[ \t#]*$/;
const FENCE = /^\s*(```|~~~)/;

export interface HelpSection {
  /** The heading's text (`DESCRIPTION`), or undefined for text before the first heading. */
  title: string | undefined;
  /** The heading line as written, or '' for text before the first heading. */
  heading: string;
  /** The markdown under the heading, trimmed. */
  body: string;
}

/** The sections of `text` that have something under their heading, in order. */
export function helpSections(text: string): HelpSection[] {
  const sections: HelpSection[] = [];
  let current: { title: string | undefined; heading: string; lines: string[] } = { title: undefined, heading: '', lines: [] };
  const flush = () => {
    const body = current.lines.join('\n').trim();
    if (body !== '') sections.push({ title: current.title, heading: current.heading, body });
  };
  let inFence = false;
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    if (FENCE.test(line)) inFence = !inFence;
    const heading = inFence ? null : HEADING.exec(line);
    if (heading !== null) {
      flush();
      current = { title: heading[2], heading: line, lines: [] };
      continue;
    }
    current.lines.push(line);
  }
  flush();
  return sections;
}

/** Sections back into markdown. */
export function joinSections(sections: readonly HelpSection[]): string {
  return sections.map((section) => (section.heading === '' ? section.body : `${section.heading}\n\n${section.body}`)).join('\n\n');
}

/** `text` without its empty sections. */
export function withoutEmptySections(text: string): string {
  return joinSections(helpSections(text));
}
