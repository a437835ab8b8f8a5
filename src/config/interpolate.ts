import type { Env } from './env';
import { formatPath } from './paths';

// `$${` is an escaped literal `${`; `${NAME}` is a reference; a `${` matching neither is malformed.
const REFERENCE = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$\{/g;

export interface Interpolated {
  value: unknown;
  issues: string[];
}

/**
 * Replaces `${VAR}` in every string value of a parsed YAML tree with `env.VAR`, returning a new tree.
 * Unset variables are reported by key path; the reference is left in place so later checks still run.
 */
export function interpolateEnv(tree: unknown, env: Env): Interpolated {
  const issues: string[] = [];
  const walk = (value: unknown, path: PropertyKey[]): unknown => {
    if (typeof value === 'string') return interpolateString(value, env, (problem) => issues.push(`${formatPath(path)}: ${problem}`));
    if (Array.isArray(value)) return value.map((item, index) => walk(item, [...path, index]));
    // Only plain mappings: a tagged value (!!binary, !!timestamp, !!set) stays as it is, for the schema to name.
    if (isPlainObject(value)) {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, walk(item, [...path, key])]));
    }
    return value;
  };
  return { value: walk(tree, []), issues };
}

function interpolateString(text: string, env: Env, report: (problem: string) => void): string {
  return text.replace(REFERENCE, (match, name: string | undefined) => {
    if (match === '$${') return '${';
    if (name === undefined) {
      report('malformed ${...} reference; expected ${NAME} with letters, digits and underscores, or $${ for a literal ${');
      return match;
    }
    const value = env[name];
    if (value === undefined) {
      report(`environment variable ${name} is not set (referenced as \${${name}}); export it or put the value in the file`);
      return match;
    }
    return value;
  });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
