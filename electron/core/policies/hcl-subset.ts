/**
 * The part of HCL (version 1, the syntax Vault's policies are written in) that a policy uses:
 * `key = value` and `key "label" { … }` items, strings, numbers, booleans, lists and objects, and
 * `#`, `//` and `/* *\/` comments. Every node keeps its line and column, so a policy's author is told
 * where a mistake is. Heredocs and `${…}` interpolation are not part of the subset; a heredoc is
 * refused where it starts, and `${` stays text inside a string.
 */

export interface Position {
  line: number;
  column: number;
}

export type HclValue =
  | { kind: 'string'; value: string; at: Position }
  | { kind: 'number'; value: number; at: Position }
  | { kind: 'bool'; value: boolean; at: Position }
  | { kind: 'list'; items: HclValue[]; at: Position }
  | { kind: 'object'; items: HclItem[]; at: Position };

/** `path "secret/*" { … }` is keys `["path", "secret/*"]` with an object value. */
export interface HclItem {
  keys: string[];
  value: HclValue;
  at: Position;
}

export class HclSyntaxError extends Error {
  constructor(
    readonly at: Position,
    readonly problem: string,
  ) {
    super(`At ${at.line}:${at.column}: ${problem}`);
    this.name = 'HclSyntaxError';
  }
}

type TokenKind = 'ident' | 'string' | 'number' | 'bool' | '{' | '}' | '[' | ']' | '=' | ',' | 'eof';

interface Token {
  kind: TokenKind;
  text: string;
  at: Position;
}

const PUNCTUATION = new Set(['{', '}', '[', ']', '=', ',']);
const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let offset = 0;
  let line = 1;
  let column = 1;
  const advance = (count: number) => {
    for (let i = 0; i < count; i++) {
      if (source[offset] === '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
      offset++;
    }
  };
  while (offset < source.length) {
    const char = source[offset] as string;
    const at = { line, column };
    if (/\s/.test(char)) {
      advance(1);
    } else if (char === '#' || source.startsWith('//', offset)) {
      while (offset < source.length && source[offset] !== '\n') advance(1);
    } else if (source.startsWith('/*', offset)) {
      const end = source.indexOf('*/', offset + 2);
      if (end < 0) throw new HclSyntaxError(at, 'comment not terminated: close it with */');
      advance(end + 2 - offset);
    } else if (PUNCTUATION.has(char)) {
      tokens.push({ kind: char as TokenKind, text: char, at });
      advance(1);
    } else if (char === '"') {
      advance(1);
      let text = '';
      for (;;) {
        const next = source[offset];
        if (next === undefined || next === '\n') throw new HclSyntaxError(at, 'literal not terminated: end the string with " on the same line');
        if (next === '"') break;
        if (next === '\\') {
          const escaped = ESCAPES[source[offset + 1] ?? ''];
          if (escaped === undefined) throw new HclSyntaxError({ line, column }, `unknown escape sequence "\\${source[offset + 1] ?? ''}": write \\\\ for a backslash`);
          text += escaped;
          advance(2);
        } else {
          text += next;
          advance(1);
        }
      }
      advance(1);
      tokens.push({ kind: 'string', text, at });
    } else if (source.startsWith('<<', offset)) {
      throw new HclSyntaxError(at, 'heredoc strings are not supported in policies: write the value as a "quoted string"');
    } else {
      const word = /^[A-Za-z0-9_.\-+*/]+/.exec(source.slice(offset))?.[0];
      if (word === undefined) throw new HclSyntaxError(at, `illegal char "${char}"`);
      const kind: TokenKind = word === 'true' || word === 'false' ? 'bool' : /^-?\d+(\.\d+)?$/.test(word) ? 'number' : 'ident';
      if (kind === 'ident' && !/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(word)) throw new HclSyntaxError(at, `illegal char "${char}" in "${word}": quote keys and values that are not plain words`);
      tokens.push({ kind, text: word, at });
      advance(word.length);
    }
  }
  tokens.push({ kind: 'eof', text: '', at: { line, column } });
  return tokens;
}

const TOKEN_NAMES: Readonly<Record<TokenKind, string>> = {
  ident: 'IDENT',
  string: 'STRING',
  number: 'NUMBER',
  bool: 'BOOL',
  '{': 'LBRACE',
  '}': 'RBRACE',
  '[': 'LBRACK',
  ']': 'RBRACK',
  '=': 'ASSIGN',
  ',': 'COMMA',
  eof: 'EOF',
};

class Parser {
  private index = 0;

  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.index] as Token;
  }

  private take(): Token {
    return this.tokens[this.index++] as Token;
  }

  /** Items until `end` (EOF at the top, `}` inside an object); commas between items are allowed. */
  items(end: 'eof' | '}'): HclItem[] {
    const items: HclItem[] = [];
    while (this.peek().kind !== end) {
      items.push(this.item());
      if (this.peek().kind === ',') this.take();
    }
    return items;
  }

  private item(): HclItem {
    const first = this.peek();
    const keys: string[] = [];
    while (this.peek().kind === 'ident' || this.peek().kind === 'string') keys.push(this.take().text);
    if (keys.length === 0) throw new HclSyntaxError(first.at, `expected a key (a word or a "quoted string"), got: ${TOKEN_NAMES[first.kind]}`);
    const next = this.peek();
    if (next.kind === '=') {
      this.take();
      if (keys.length > 1) throw new HclSyntaxError(next.at, `nested object expected: LBRACE got: ASSIGN (only a block takes a "label": write ${keys[0]} "${keys[1]}" { … })`);
      return { keys, value: this.value(), at: first.at };
    }
    if (next.kind === '{') return { keys, value: this.value(), at: first.at };
    throw new HclSyntaxError(next.at, `key '${keys.join(' ')}' expected start of object ('{') or assignment ('='), got: ${TOKEN_NAMES[next.kind]}`);
  }

  private value(): HclValue {
    const token = this.take();
    switch (token.kind) {
      case 'string':
        return { kind: 'string', value: token.text, at: token.at };
      case 'number':
        return { kind: 'number', value: Number(token.text), at: token.at };
      case 'bool':
        return { kind: 'bool', value: token.text === 'true', at: token.at };
      case '[':
        return this.list(token);
      case '{': {
        const items = this.items('}');
        this.take();
        return { kind: 'object', items, at: token.at };
      }
      default:
        throw new HclSyntaxError(token.at, `expected a value (a "string", a number, true/false, a [list] or an { object }), got: ${TOKEN_NAMES[token.kind]}`);
    }
  }

  private list(open: Token): HclValue {
    const items: HclValue[] = [];
    for (;;) {
      if (this.peek().kind === ']') break;
      items.push(this.value());
      const after = this.peek();
      if (after.kind === ',') {
        this.take();
        continue;
      }
      if (after.kind !== ']') throw new HclSyntaxError(after.at, `error parsing list, expected comma or list end, got: ${TOKEN_NAMES[after.kind]}`);
    }
    this.take();
    return { kind: 'list', items, at: open.at };
  }
}

/** The top-level items of an HCL document; throws `HclSyntaxError` with the line and column of the first mistake. */
export function parseHcl(source: string): HclItem[] {
  const parser = new Parser(tokenize(source));
  return parser.items('eof');
}
