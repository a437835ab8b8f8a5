import type { TemporalSession } from '../cli/temporal-session';
import { workerIsPolling } from '../cli/switch-runs';
import type { Config } from '../config/schema';
import { listHostSchedules } from '../schedules/schedule-store';
import { planSync } from '../schedules/sync-plan';
import { temporalConnectionOptions } from '../temporal/connection-options';
import type { FactError, Outcome, TemporalFacts } from './facts';

// temporal.api.enums.v1.IndexedValueType, as ListSearchAttributes answers it.
const INDEXED_VALUE_TYPES = ['Unspecified', 'Text', 'Keyword', 'Int', 'Double', 'Bool', 'Datetime', 'KeywordList'];

const firstLine = (err: unknown): string => (err instanceof Error ? err.message : String(err)).split('\n')[0]!;

/** Runs one Temporal call; its failure (unreachable, unknown namespace, denied) becomes a fact. */
async function temporalAttempt<T>(call: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (err) {
    const error: FactError = { kind: 'other', message: firstLine(err) };
    return { ok: false, error };
  }
}

/** Reads what the Temporal checks judge: the connection, the namespace's search attributes, the task queue's pollers, the host's schedules. */
export async function gatherTemporal(config: Config, connect: () => Promise<TemporalSession>): Promise<TemporalFacts> {
  const options = temporalConnectionOptions(config.temporal);
  const base = { address: options.address, namespace: options.namespace, taskQueue: options.taskQueue };
  let session: TemporalSession;
  try {
    session = await connect();
  } catch (err) {
    return {
      ...base,
      connected: { ok: false, error: { kind: 'no-answer', message: firstLine(err).replace(/^cannot reach Temporal at \S+: /, '') } },
      searchAttributes: undefined,
      workerPolling: undefined,
      schedules: undefined,
      unsynced: undefined,
    };
  }
  const [searchAttributes, workerPolling, stored] = await Promise.all([
    temporalAttempt(async () => {
      const { customAttributes } = await session.client.connection.operatorService.listSearchAttributes({ namespace: options.namespace });
      return Object.fromEntries(Object.entries(customAttributes ?? {}).map(([name, type]) => [name, INDEXED_VALUE_TYPES[Number(type)] ?? String(type)]));
    }),
    temporalAttempt(() => workerIsPolling(session)),
    temporalAttempt(() => listHostSchedules(session.client, config.proxmox.node)),
  ]);
  const sync = stored.ok ? planSync(config.schedules, stored.value) : undefined;
  return {
    ...base,
    connected: { ok: true, value: true },
    searchAttributes,
    workerPolling,
    schedules: stored.ok ? { ok: true, value: stored.value.map((s) => ({ name: s.name, mode: s.def.mode, managedBy: s.managedBy })) } : stored,
    unsynced: sync && [...sync.changes.map((c) => c.name), ...sync.conflicts],
  };
}
