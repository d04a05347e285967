import Markdown, { type Components } from 'react-markdown';
import { withoutEmptySections } from './help-sections';

/**
 * Help text as the markdown it is: headings, paragraphs, lists, code, emphasis, links. Rendered
 * as React elements (react-markdown), never as an HTML string, so nothing the plugin writes can
 * inject markup or script; raw HTML in the text (Vault's help writes `hello/<name>`) is shown as
 * the text it is. Links open in the system browser (the main process allows https only).
 */
export function HelpText({ text, className }: { text: string; className?: string }) {
  const markdown = withoutEmptySections(text);
  if (markdown === '') return null;
  return (
    <div className={className === undefined ? 'help-text' : `help-text ${className}`}>
      <Markdown remarkPlugins={[rawHtmlAsText]} components={COMPONENTS}>
        {markdown}
      </Markdown>
    </div>
  );
}

const COMPONENTS: Components = {
  a: ({ href, children }) => (
    <a href={href} target="_blank" rel="noreferrer noopener">
      {children}
    </a>
  ),
  // The page already has its h1/h2: help headings sit below them.
  h1: ({ children }) => <h3>{children}</h3>,
  h2: ({ children }) => <h3>{children}</h3>,
};

/** A remark plugin: every raw-HTML node becomes a text node with the same characters. */
function rawHtmlAsText() {
  return (tree: MarkdownNode) => {
    const visit = (node: MarkdownNode) => {
      if (node.type === 'html') node.type = 'text';
      for (const child of node.children ?? []) visit(child);
    };
    visit(tree);
  };
}

/** The part of an mdast node the plugin above touches (an `html` node has a `value` like `text`). */
interface MarkdownNode {
  type: string;
  children?: MarkdownNode[];
}
