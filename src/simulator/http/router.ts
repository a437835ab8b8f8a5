export type Params = Readonly<Record<string, string>>;

export interface Route<H> {
  readonly method: string;
  /** e.g. `/nodes/{node}/qemu/{vmid}/status/current`; also the key of the request counter. */
  readonly pattern: string;
  readonly handler: H;
}

interface Compiled<H> extends Route<H> {
  readonly regex: RegExp;
  readonly names: readonly string[];
}

/** A tiny method + path router; path components are percent-decoded, as pveproxy does. */
export class Router<H> {
  readonly #routes: Compiled<H>[];

  constructor(routes: readonly Route<H>[]) {
    this.#routes = routes.map((r) => {
      const names: string[] = [];
      const source = r.pattern.replace(/\{(\w+)\}/g, (_, name: string) => {
        names.push(name);
        return '([^/]+)';
      });
      return { ...r, regex: new RegExp(`^${source}$`), names };
    });
  }

  match(method: string, path: string): { route: Route<H>; params: Params } | undefined {
    for (const r of this.#routes) {
      if (r.method !== method) continue;
      const m = r.regex.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      r.names.forEach((name, i) => (params[name] = safeDecode(m[i + 1]!)));
      return { route: r, params };
    }
    return undefined;
  }
}

/** Percent-decodes like pveproxy, which keeps a malformed escape as it is instead of failing. */
function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
