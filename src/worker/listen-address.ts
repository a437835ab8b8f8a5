export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

const HOST_PORT = /^(?:\[([0-9A-Fa-f:.]+)\]|([^\s:[\]/]+)):(\d{1,5})$/;

/**
 * Parses `host:port` (an IPv6 host in brackets). The host is required: whether an endpoint is reachable
 * beyond this machine is always written down, never a default.
 */
export function parseListenAddress(text: string): ListenAddress | { readonly error: string } {
  const m = HOST_PORT.exec(text);
  const port = Number(m?.[3]);
  if (!m || port < 1 || port > 65_535) {
    return { error: `expected host:port, e.g. 127.0.0.1:9464 (this machine only) or 0.0.0.0:9464 (every interface, e.g. in a container)` };
  }
  return { host: m[1] ?? m[2]!, port };
}

/** The address as a URL origin, e.g. `http://127.0.0.1:9464` or `http://[::1]:9464`. */
export function listenUrl({ host, port }: ListenAddress): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
