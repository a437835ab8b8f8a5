import { NODE_NAME } from '../proxmox/schemas';
import { formatPath, quote } from './paths';

// A file names one host (`proxmox:`, the seed's form) or several (`hosts:`, a map of node names to
// sections shaped like `proxmox:` without `node`, each with its own `schedules:` and `mqtt:`). Each host of a
// `hosts:` file is checked and used as the single-host file it stands for; the shared sections
// (`switch`, `temporal`, `notify`) are the same in all of them.

/** Sections a host of a `hosts:` file carries itself, since they name that host's modes. */
const PER_HOST_SECTIONS = ['schedules', 'mqtt'] as const;

/** With `hosts:`, one worker serves every host from one queue (one `proxmox:` host keeps `morpheus-<node>`). */
const SHARED_TASK_QUEUE = 'morpheus';

export interface HostDocument {
  /** The single-host file this host stands for, before validation. */
  readonly tree: unknown;
  /** Maps a key path of `tree` to the path the user wrote, for error messages. */
  readonly pathOf: (path: readonly PropertyKey[]) => readonly PropertyKey[];
}

export interface SplitHosts {
  readonly documents: readonly HostDocument[];
  readonly issues: readonly string[];
}

type Mapping = Record<string, unknown>;
const isMapping = (value: unknown): value is Mapping => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The single-host documents a parsed file stands for: itself, or one per entry of `hosts:`. */
export function splitHosts(tree: unknown): SplitHosts {
  if (!isMapping(tree) || tree.hosts === undefined) return { documents: [{ tree, pathOf: (path) => path }], issues: [] };
  const { hosts, ...shared } = tree;
  const issues: string[] = [];
  const issue = (path: PropertyKey[], message: string) => issues.push(`${formatPath(path)}: ${message}`);
  if (shared.proxmox !== undefined) issue(['proxmox'], 'set either proxmox (one host) or hosts (several), not both');
  for (const section of PER_HOST_SECTIONS) {
    if (shared[section] !== undefined) issue([section], `with hosts, each host has its own; move it under hosts.<name>.${section}`);
  }
  if (!isMapping(hosts) || Object.keys(hosts).length === 0) {
    issue(['hosts'], 'expected a mapping of node names to host sections, each shaped like proxmox without node (host, api_token_id, modes, ...)');
    return { documents: [], issues };
  }
  const documents: HostDocument[] = [];
  for (const [name, section] of Object.entries(hosts)) {
    if (!NODE_NAME.test(name)) {
      issue(['hosts', name], `invalid host name ${quote(name)}; expected the Proxmox node's name (letters, digits and inner hyphens)`);
      continue;
    }
    if (!isMapping(section)) {
      issue(['hosts', name], 'expected a mapping shaped like proxmox (host, api_token_id, modes, ...)');
      continue;
    }
    // A host's switches are the workflow morpheus-switch-<node>: one name for the host and its node keeps two hosts from sharing a lock.
    if (section.node !== undefined) {
      issue(['hosts', name, 'node'], `a host's name is its node's name; remove node, or rename the host to the node's name`);
      continue;
    }
    documents.push(hostDocument(name, section, shared));
  }
  return { documents, issues };
}

function hostDocument(name: string, section: Mapping, shared: Mapping): HostDocument {
  const own: Mapping = {};
  const proxmox: Mapping = { node: name };
  for (const [key, value] of Object.entries(section)) {
    if ((PER_HOST_SECTIONS as readonly string[]).includes(key)) own[key] = value;
    else proxmox[key] = value;
  }
  // A `temporal:` of the wrong type is left as written, for the schema to report.
  const temporal =
    shared.temporal === undefined
      ? { task_queue: SHARED_TASK_QUEUE }
      : isMapping(shared.temporal)
        ? { task_queue: SHARED_TASK_QUEUE, ...shared.temporal }
        : shared.temporal;
  return {
    tree: { ...shared, temporal, proxmox, ...own },
    pathOf: (path) => {
      const [first, ...rest] = path;
      if (first === 'proxmox') return ['hosts', name, ...rest];
      if ((PER_HOST_SECTIONS as readonly PropertyKey[]).includes(first!)) return ['hosts', name, ...path];
      return path;
    },
  };
}
