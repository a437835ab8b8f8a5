import { isScalar, LineCounter, parseDocument, visit } from 'yaml';
import type { Document, Node } from 'yaml';
import { quoteKey } from './paths';

const MAX_BYTES = 1024 * 1024;
const MAX_ALIAS_COUNT = 50;
// The yaml parser recurses per nesting level, and V8 can abort the whole process (not just throw) when
// that runs out of stack, so deep nesting is refused before parsing. Real configs are ~5 levels deep.
const MAX_FLOW_DEPTH = 32;
const MAX_LINE_PREFIX = 128;

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
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false, merge: true, logLevel: 'error' });
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
  let line = 1;
  let lineStart = 0;
  let inPrefix = true;
  let flowDepth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') {
      line++;
      lineStart = i + 1;
      inPrefix = true;
      continue;
    }
    // Block nesting shows as indentation and compact indicators ("- - - x", "? ? x") at the line start.
    const indicator = (ch === '-' || ch === '?' || ch === ':') && (text[i + 1] === ' ' || text[i + 1] === '\t');
    if (inPrefix && ch !== ' ' && ch !== '\t' && !indicator) inPrefix = false;
    if (inPrefix && i - lineStart >= MAX_LINE_PREFIX) return `${line}:${i - lineStart + 1}`;
    if (ch === '[' || ch === '{') flowDepth++;
    else if ((ch === ']' || ch === '}') && flowDepth > 0) flowDepth--;
    if (flowDepth > MAX_FLOW_DEPTH) return `${line}:${i - lineStart + 1}`;
  }
  return undefined;
}

function firstLine(message: string): string {
  return message.split('\n', 1)[0]!.trim();
}

function fail(issue: string): YamlResult {
  return { ok: false, issue };
}
