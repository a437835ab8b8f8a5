import { formatDuration } from './duration';
import { resolveMode } from '../modes/resolve-mode';
import { modeNames, namedModes } from './mode-names';
import { formatPath, quote } from './paths';
import type { ConfigFile } from './schema';
import { didYouMean } from './suggest';

export interface Findings {
  issues: string[];
  warnings: string[];
}

export interface Reporter {
  issue(path: PropertyKey[], message: string): void;
  warn(message: string): void;
}

/** A semantic check over a config that already matches the schema. */
export type Rule = (config: ConfigFile, report: Reporter) => void;

const SECOND = 1_000;
const HOUR = 3_600_000;
// Suggestions cost an edit distance per known mode; a file full of unknown names must not make that slow.
const MAX_SUGGESTIONS = 10;
const MAX_LISTED_MODES = 20;

/** Two modes on one VM would make switching between them meaningless (and stop the wrong one). */
export const uniqueVmids: Rule = (config, report) => {
  const owners = new Map<number, string>();
  for (const [name, mode] of Object.entries(config.proxmox.modes)) {
    const owner = owners.get(mode.vmid);
    if (owner === undefined) owners.set(mode.vmid, name);
    else report.issue(['proxmox', 'modes', name, 'vmid'], `VM ${mode.vmid} is already used by mode "${owner}"; each mode needs its own VM`);
  }
};

/** A name a user types must designate one mode: an alias is neither a mode's name nor another mode's alias. */
export const uniqueAliases: Rule = (config, report) => {
  const modes = config.proxmox.modes;
  const aliasOf = new Map<string, string>();
  for (const [name, mode] of Object.entries(modes)) {
    (mode.aliases ?? []).forEach((alias, index) => {
      const path = ['proxmox', 'modes', name, 'aliases', index];
      const other = aliasOf.get(alias);
      if (alias === name) report.issue(path, `alias ${quote(alias)} is the mode's own name; remove it`);
      else if (Object.hasOwn(modes, alias))
        report.issue(path, `alias ${quote(alias)} of mode ${quote(name)} is the name of mode ${quote(alias)}; a name must designate one mode`);
      else if (other === name) report.issue(path, `alias ${quote(alias)} is listed twice; remove one`);
      else if (other !== undefined)
        report.issue(path, `alias ${quote(alias)} of mode ${quote(name)} is also an alias of mode ${quote(other)}; a name must designate one mode`);
      else aliasOf.set(alias, name);
    });
  }
};

/** Every conflicts_with entry names a mode in the file (by its name or an alias). */
export const knownConflicts: Rule = (config, report) => {
  const unknown = unknownModeReporter(config, report);
  forEachConflict(config, (path, target) => unknown(path, target));
};

/** Every schedule in the schedules: block switches to, starts or stops a mode in the file. */
export const knownScheduleModes: Rule = (config, report) => {
  const unknown = unknownModeReporter(config, report);
  for (const [name, schedule] of Object.entries(config.schedules)) unknown(['schedules', name, 'mode'], schedule.mode);
};

/** Reports a name that designates no mode, with the known modes and (for the first few) a suggestion. */
function unknownModeReporter(config: ConfigFile, report: Reporter): (path: PropertyKey[], target: string) => void {
  const modes = namedModes(config);
  const names = modeNames(config);
  const listed = names.length > MAX_LISTED_MODES ? `${names.slice(0, MAX_LISTED_MODES).join(', ')}, ...` : names.join(', ');
  let suggestions = 0;
  return (path, target) => {
    if (resolveMode(modes, target)) return;
    const suggestion = suggestions++ < MAX_SUGGESTIONS ? didYouMean(target, names) : undefined;
    const hint = suggestion === undefined ? '' : `; did you mean "${suggestion}"?`;
    report.issue(path, `unknown mode ${quote(target)}; known modes: ${listed}${hint}`);
  };
}

/** A mode listing itself (or one of its aliases) could never start. */
export const noSelfConflict: Rule = (config, report) => {
  const modes = namedModes(config);
  forEachConflict(config, (path, target, mode) => {
    if (resolveMode(modes, target)?.name === mode) report.issue(path, 'a mode cannot conflict with itself; remove it from the list');
  });
};

/** Timeouts stay within ranges that catch unit mistakes ("60" meant as minutes, "1ms" for a shutdown). */
export const saneTimeouts: Rule = (config, report) => {
  const check = (path: PropertyKey[], ms: number | undefined, min: number, max: number) => {
    if (ms !== undefined && (ms < min || ms > max)) {
      report.issue(path, `expected a duration from ${formatDuration(min)} to ${formatDuration(max)}`);
    }
  };
  check(['proxmox', 'request_timeout'], config.proxmox.request_timeout, 100, 5 * 60 * SECOND);
  check(['switch', 'shutdown_timeout'], config.switch.shutdown_timeout, SECOND, HOUR);
  check(['switch', 'start_timeout'], config.switch.start_timeout, SECOND, HOUR);
  check(['switch', 'network_timeout'], config.switch.network_timeout, 0, HOUR);
  check(['proxmox', 'wol', 'timeout'], config.proxmox.wol?.timeout, 10 * SECOND, HOUR);
  for (const [name, mode] of Object.entries(config.proxmox.modes)) {
    check(['proxmox', 'modes', name, 'shutdown_timeout'], mode.shutdown_timeout, SECOND, HOUR);
    check(['proxmox', 'modes', name, 'network', 'timeout'], mode.network.timeout, 0, HOUR);
  }
};

/** An mTLS client certificate and its key come together. */
export const tlsClientPair: Rule = (config, report) => {
  const { cert_file, key_file } = config.temporal.tls;
  if (cert_file !== undefined && key_file === undefined) {
    report.issue(['temporal', 'tls', 'key_file'], 'required when temporal.tls.cert_file is set; a client certificate needs its key');
  }
  if (key_file !== undefined && cert_file === undefined) {
    report.issue(['temporal', 'tls', 'cert_file'], 'required when temporal.tls.key_file is set; a client key needs its certificate');
  }
};

/** Warns when the Proxmox certificate is not verified. */
export const unverifiedTls: Rule = (config, report) => {
  if (config.proxmox.verify_ssl) return;
  report.warn(
    config.proxmox.fingerprint === undefined
      ? 'proxmox.verify_ssl is false: the Proxmox certificate is not checked; trust it with proxmox.ca_file (the cluster CA) or pin it with proxmox.fingerprint instead'
      : 'proxmox.verify_ssl is false: only proxmox.fingerprint is checked, not the certificate chain or host name',
  );
};

export const RULES: readonly Rule[] = [
  uniqueVmids,
  uniqueAliases,
  knownConflicts,
  noSelfConflict,
  knownScheduleModes,
  saneTimeouts,
  tlsClientPair,
  unverifiedTls,
];

/** Runs every rule and collects all their issues and warnings. */
export function checkRules(config: ConfigFile, rules: readonly Rule[] = RULES): Findings {
  const findings: Findings = { issues: [], warnings: [] };
  for (const rule of rules) {
    rule(config, {
      issue: (path, message) => findings.issues.push(`${formatPath(path)}: ${message}`),
      warn: (message) => findings.warnings.push(message),
    });
  }
  return findings;
}

function forEachConflict(config: ConfigFile, visit: (path: PropertyKey[], target: string, mode: string) => void): void {
  for (const [name, mode] of Object.entries(config.proxmox.modes)) {
    mode.conflicts_with.forEach((target, index) => visit(['proxmox', 'modes', name, 'conflicts_with', index], target, name));
  }
}
