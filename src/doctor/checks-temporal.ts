import type { Config } from '../config/schema';
import { resolveMode } from '../modes/resolve-mode';
import type { ModeDef } from '../modes/types';
import { SEARCH_ATTRIBUTES } from '../contract/search-attributes';
import { fail, ok, skip, warn, type CheckResult } from './check';
import type { TemporalFacts } from './facts';
import { count, fromItems, type Item } from './per-mode';

// Temporal: the server, the search attributes every run sets, a worker for the host, the schedules.

const SEARCH_ATTRIBUTE_NAMES = SEARCH_ATTRIBUTES.map((key) => key.name);

export function temporalCheck(t: TemporalFacts): CheckResult {
  const where = `${t.address} (namespace ${t.namespace})`;
  if (!t.connected.ok) {
    return fail('temporal', `cannot reach Temporal at ${t.address}: ${t.connected.error.message}`, {
      fix: ['start one: morpheus worker --dev-server (a persistent embedded server), or point temporal.address (TEMPORAL_ADDRESS) at yours'],
    });
  }
  if (!t.searchAttributes) return skip('temporal', 'not asked');
  if (!t.searchAttributes.ok)
    return fail('temporal', `Temporal at ${where} answers, but its search attributes could not be read: ${t.searchAttributes.error.message}`);
  const registered = t.searchAttributes.value;
  const missing = SEARCH_ATTRIBUTE_NAMES.filter((name) => registered[name] === undefined);
  const mistyped = SEARCH_ATTRIBUTE_NAMES.filter((name) => registered[name] !== undefined && registered[name] !== 'Keyword');
  if (missing.length === 0 && mistyped.length === 0)
    return ok('temporal', `${where}: the ${SEARCH_ATTRIBUTE_NAMES.length} search attributes switches set are registered`);
  return fail(
    'temporal',
    `Temporal at ${where} answers, but ${[...missing.map((n) => `${n} is not registered`), ...mistyped.map((n) => `${n} is a ${registered[n]}, not a Keyword`)].join('; ')}: it refuses to start a switch`,
    {
      fix: [
        ...missing.map((name) => `temporal operator search-attribute create --address ${t.address} --namespace ${t.namespace} --name ${name} --type Keyword`),
        ...(mistyped.length > 0
          ? [`delete and re-create ${mistyped.join(', ')} as Keyword (temporal operator search-attribute remove/create), or use another namespace`]
          : []),
        '(`morpheus worker --dev-server` registers them itself; docs/deployment.md#search-attributes)',
      ],
    },
  );
}

export function workerCheck(t: TemporalFacts): CheckResult {
  if (!t.connected.ok) return skip('worker', 'Temporal is not reachable');
  if (!t.workerPolling) return skip('worker', 'not asked');
  if (!t.workerPolling.ok) return warn('worker', `could not ask Temporal about task queue "${t.taskQueue}": ${t.workerPolling.error.message}`);
  if (t.workerPolling.value) return ok('worker', `a worker polls task queue "${t.taskQueue}" at ${t.address}`);
  return fail('worker', `no worker polls task queue "${t.taskQueue}" at ${t.address} (namespace ${t.namespace}): a switch would wait forever`, {
    fix: ['start one with this config: morpheus worker (or morpheus worker --dev-server for an all-in-one home lab); its temporal.task_queue must be this one'],
  });
}

export function schedulesCheck(t: TemporalFacts, config: Config, modes: readonly ModeDef[]): CheckResult {
  if (!t.connected.ok) return skip('schedules', 'Temporal is not reachable');
  if (!t.schedules) return skip('schedules', 'not asked');
  if (!t.schedules.ok) return warn('schedules', `could not list the host's schedules: ${t.schedules.error.message}`);
  const items = t.schedules.value.map((s): Item => {
    const source = s.managedBy === 'sync' ? 'from the config' : 'made with schedule add';
    const mode = resolveMode(modes, s.mode);
    if (mode) return { status: 'ok', text: `${s.name} (${source}): ${mode.name}` };
    return {
      status: 'fail',
      text: `${s.name} (${source}): "${s.mode}" is not a mode of the config; every fire is refused`,
      fix:
        s.managedBy === 'sync'
          ? 'fix the schedules: block (or bring the mode back), then run morpheus schedule sync'
          : `morpheus schedule delete ${s.name}, then add it again with one of: ${modes.map((m) => m.name).join(', ')}`,
    };
  });
  const unsynced = t.unsynced ?? [];
  if (unsynced.length > 0)
    items.push({
      status: 'warn',
      text: `the config's schedules: block and Temporal differ (${unsynced.join(', ')})`,
      fix: 'morpheus schedule sync --dry-run shows the difference; morpheus schedule sync applies it',
    });
  const stored = t.schedules.value.length;
  if (items.length === 0)
    return ok(
      'schedules',
      Object.keys(config.schedules).length > 0 ? 'the config has schedules, none in Temporal yet' : `no schedules on host ${config.proxmox.node}`,
    );
  return fromItems('schedules', items, (worst) =>
    worst === 'fail' ? 'a schedule targets a mode the config does not have' : `${count(stored, 'schedule')}, each targeting a known mode`,
  );
}
