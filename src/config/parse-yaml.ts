import { CST, isScalar, Lexer, LineCounter, parseDocument, Parser, visit } from 'yaml';
import type { Document, Node } from 'yaml';
import { quoteKey } from './paths';

const MAX_BYTES = 1024 * 1024;
const MAX_ALIAS_COUNT = 50;
// The yaml parser recurses per nesting level, and V8 can abort the whole process (not just throw) when
// that runs out of stack, so deep nesting is refused before parsing. Real configs are ~5 levels deep.
const MAX_FLOW_DEPTH = 32;
const MAX_LINE_PREFIX = 128;
// Open collections, scalars and documents on yaml's own parse stack. Block prefixes (<= 128 columns) and
// flow depth (<= 32) keep real files far below this; it catches nesting the two cheap checks cannot
// see (node properties between indicators, "? &a ? &a ...") long before the composer's recursion could
// run out of stack (it does at several hundred levels).
const MAX_PARSE_DEPTH = 200;

export type YamlResult = { ok: true; value: unknown } | { ok: false; issue: string };

/** Decodes and parses a config file's bytes into plain data, refusing anything risky or ambiguous. */
export function parseYaml(input: string | Uint8Array): YamlResult {
  const size = typeof input === 'string' ? Buffer.byteLength(input) : input.byteLength;
  if (size > MAX_BYTES) return fail('file is larger than 1 MiB; a Morpheus config is a few KiB of YAML');
  let text: string;
  try {
    text = typeof input === 'string' ? input : new TextDecoder('utf-8', { fatal: true }).decode(input);
  } catch {
    return fail('not valid UTF-8; save the file as UTF-8');
  }
  const tooDeep = findDeepNesting(text);
  if (tooDeep !== undefined) return fail(`${tooDeep}: nested too deeply; a Morpheus config is only a few levels deep`);

  const lines = new LineCounter();
  // uniqueKeys is off because yaml checks it in quadratic time; checkNodes finds duplicates instead.
  // logLevel 'error': 'warn' would print to stderr, and 'silent' also drops the multiple-documents error.
  const doc = withoutStackTraces(() => parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false, merge: true, logLevel: 'error' }));
  const at = (offset: number) => {
    const { line, col } = lines.linePos(offset);
    return `${line}:${col}`;
  };
  const [error] = doc.errors;
  if (error !== undefined) {
    // yaml's own wording for this one names its API, not the user's problem.
    const reason = error.code === 'MULTIPLE_DOCS' ? 'more than one YAML document (---); a config is a single document' : firstLine(error.message);
    return fail(`${at(error.pos[0])}: ${reason}`);
  }
  // yaml only warns about a tag it does not know (`!vault`, `!!int x`) and keeps the text, which would
  // then be used as if the tag were not there: a secret "decrypted" by nobody, say.
  const unknownTag = doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED');
  if (unknownTag !== undefined)
    return fail(`${at(unknownTag.pos[0])}: ${firstLine(unknownTag.message)}; write plain values (secrets can come from the environment as \${NAME})`);
  if (doc.contents === null) return fail('config file is empty; see docs/configuration.md');
  const problem = checkNodes(doc);
  if (problem !== undefined) return fail(`${at(problem.offset)}: ${problem.message}`);
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (err) {
    if (err instanceof ReferenceError && /alias count/i.test(err.message)) {
      return fail(`YAML aliases expand too much (over ${MAX_ALIAS_COUNT} times); write the values out instead`);
    }
    return fail(`YAML could not be read: ${firstLine(err instanceof Error ? err.message : String(err))}`);
  }
}

interface NodeProblem {
  offset: number;
  message: string;
}

/**
 * Finds what yaml accepts but a config must not contain: duplicate keys, keys that are not plain values
 * (they would be stringified, slowly), and aliases that are undefined or point into themselves (cycles).
 */
function checkNodes(doc: Document): NodeProblem | undefined {
  const anchors = new Map<string, Node>();
  let problem: NodeProblem | undefined;
  const found = (node: Node, message: string) => {
    problem = { offset: node.range?.[0] ?? 0, message };
    return visit.BREAK;
  };
  const remember = (node: Node) => {
    if (node.anchor !== undefined) anchors.set(node.anchor, node);
  };
  visit(doc, {
    Map: (_, map) => {
      remember(map);
      const seen = new Set<string>();
      for (const { key } of map.items) {
        if (!isScalar(key)) return found((key as Node | null) ?? map, 'mapping keys must be plain values, not lists, mappings or aliases');
        const name = String(key.value);
        if (seen.has(name)) return found(key, `duplicate key ${quoteKey(name)}; each key may appear once per mapping`);
        seen.add(name);
      }
      return undefined;
    },
    Seq: (_, seq) => remember(seq),
    Scalar: (_, scalar) => remember(scalar),
    Alias: (_, alias, ancestors) => {
      const target = anchors.get(alias.source);
      if (target === undefined) return found(alias, `alias *${alias.source} has no anchor &${alias.source} before it`);
      if (ancestors.includes(target)) return found(alias, `alias *${alias.source} refers to a mapping or list that contains it`);
      return undefined;
    },
  });
  return problem;
}

/** Where the text nests deeper than any config could, as "line:col", before yaml has to recurse into it. */
function findDeepNesting(text: string): string | undefined {
  const offset = deepBlockPrefix(text) ?? deepFlowOrParse(text);
  return offset === undefined ? undefined : lineCol(text, offset);
}

/** Block nesting shows as indentation and compact indicators ("- - - x", "? ? x") at a line's start. */
function deepBlockPrefix(text: string): number | undefined {
  let lineStart = 0;
  let inPrefix = true;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') {
      lineStart = i + 1;
      inPrefix = true;
      continue;
    }
    if (!inPrefix) continue;
    const indicator = (ch === '-' || ch === '?' || ch === ':') && (text[i + 1] === ' ' || text[i + 1] === '\t');
    if (ch !== ' ' && ch !== '\t' && !indicator) inPrefix = false;
    else if (i - lineStart >= MAX_LINE_PREFIX) return i;
  }
  return undefined;
}

/**
 * Flow depth counted on yaml's own tokens, so brackets inside quoted strings and comments neither count
 * nor close anything (`["]", ["]", ...` once hid thousands of levels), and the depth of yaml's (iterative)
 * parse stack as a backstop for any other way of nesting. Nothing here recurses.
 */
function deepFlowOrParse(text: string): number | undefined {
  const parser = new Parser();
  let flowDepth = 0;
  let atScalar = false;
  for (const lexeme of new Lexer().lex(text)) {
    const offset = parser.offset;
    // The lexeme after a scalar marker is the scalar's source, whatever characters it starts with.
    const type = atScalar ? 'scalar' : CST.tokenType(lexeme);
    atScalar = lexeme === CST.SCALAR;
    if (type === 'flow-map-start' || type === 'flow-seq-start') {
      if (++flowDepth > MAX_FLOW_DEPTH) return offset;
    } else if ((type === 'flow-map-end' || type === 'flow-seq-end') && flowDepth > 0) {
      flowDepth--;
    }
    drain(parser.next(lexeme));
    if (parser.stack.length > MAX_PARSE_DEPTH) return offset;
  }
  return undefined;
}

/** Runs a generator to its end, discarding what it yields (parseDocument builds the documents again). */
function drain(tokens: Generator<unknown>): void {
  while (!tokens.next().done);
}

function lineCol(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return `${line}:${offset - lineStart + 1}`;
}

/**
 * yaml makes an Error object for each problem, and a hostile file can have one per few bytes: capturing
 * a stack trace for each made a 1 MiB file take 6 s instead of under 2 s. Only the messages are used.
 */
function withoutStackTraces<T>(run: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return run();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

function firstLine(message: string): string {
  return message.split('\n', 1)[0]!.trim();
}

function fail(issue: string): YamlResult {
  return { ok: false, issue };
}
