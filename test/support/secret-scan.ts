import type { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { progressQuery } from '../../src/contract/switch';
import { eventually } from './eventually';

/** A text that was shown, stored or logged somewhere, and where. */
export interface Scanned {
  readonly where: string;
  readonly text: string;
}

/**
 * Every string inside a value: strings themselves, and bytes (Temporal payloads, memo and search
 * attribute values are JSON in bytes) both decoded as UTF-8 and as the base64 that JSON renderings use.
 */
export function textsOf(value: unknown, out: string[] = [], seen = new Set<object>()): string[] {
  if (typeof value === 'string') out.push(value);
  else if (value instanceof Uint8Array) out.push(Buffer.from(value).toString('utf8'), Buffer.from(value).toString('base64'));
  else if (value !== null && typeof value === 'object' && !seen.has(value)) {
    seen.add(value);
    const entries: [unknown, unknown][] = value instanceof Map ? [...value] : Object.entries(value);
    for (const [k, v] of entries) {
      if (typeof k === 'string') out.push(k);
      else textsOf(k, out, seen);
      textsOf(v, out, seen);
    }
  }
  return out;
}

export interface RunTexts {
  readonly runs: number;
  readonly events: number;
  readonly queried: number;
  readonly texts: Scanned[];
}

/**
 * Everything Temporal keeps about every run of a workflow id: the visibility record (memo, search
 * attributes), the description, the full history (as the SDK's JSON and with every payload decoded) and
 * the answer of the progress query (a worker replays the run to answer it). Waits until the visibility
 * store lists at least `minRuns` runs, since it lags behind.
 */
export async function workflowRunTexts(client: Client, workflowId: string, minRuns: number): Promise<RunTexts> {
  const list = async () => {
    const found = [];
    for await (const info of client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) found.push(info);
    return found;
  };
  let listed = 0;
  const infos = await eventually(
    async () => {
      const found = await list();
      listed = found.length;
      return found.length >= minRuns ? found : undefined;
    },
    { timeoutMs: 20_000, everyMs: 250, what: () => `visibility to list at least ${minRuns} runs of ${workflowId} (it lists ${listed})` },
  );
  const texts: Scanned[] = [];
  let events = 0;
  let queried = 0;
  for (const info of infos) {
    const where = `run ${info.runId}`;
    const handle = client.workflow.getHandle(info.workflowId, info.runId);
    const history = await handle.fetchHistory();
    events += history.events?.length ?? 0;
    const description = await handle.describe();
    texts.push(
      { where: `${where} history (JSON)`, text: historyToJSON(history) },
      ...textsOf(history).map((text) => ({ where: `${where} history`, text })),
      ...textsOf({ memo: info.memo, searchAttributes: info.searchAttributes, typed: info.typedSearchAttributes.getAll(), raw: info.raw }).map((text) => ({
        where: `${where} visibility`,
        text,
      })),
      ...textsOf(description.raw).map((text) => ({ where: `${where} description`, text })),
      { where: `${where} summary`, text: `${(await description.staticSummary()) ?? ''}\n${(await description.staticDetails()) ?? ''}` },
    );
    try {
      const answer = await client.connection.withDeadline(Date.now() + 5_000, () => handle.query(progressQuery));
      texts.push({ where: `${where} progress query`, text: JSON.stringify(answer) });
      queried++;
    } catch {
      // No worker answered in time (queries replay the run on one); the history holds the same state.
    }
  }
  return { runs: infos.length, events, queried, texts };
}

/** Where each secret occurs, as "<where>: …excerpt…" with the secret masked. */
export function occurrences(texts: readonly Scanned[], secrets: readonly string[]): string[] {
  const found: string[] = [];
  for (const { where, text } of texts) {
    for (const secret of secrets) {
      for (const form of [secret, ...base64Forms(secret)]) {
        const at = text.indexOf(form);
        if (at >= 0) found.push(`${where}: …${text.slice(Math.max(0, at - 60), at)}<SECRET>${text.slice(at + form.length, at + form.length + 60)}…`);
      }
    }
  }
  return found;
}

/**
 * The base64 of `secret` wherever it starts inside encoded bytes: for each of the three alignments, the
 * characters that only its bytes determine.
 */
function base64Forms(secret: string): string[] {
  const bytes = Buffer.from(secret);
  return [0, 1, 2].map((k) => {
    const encoded = Buffer.concat([Buffer.alloc(k), bytes]).toString('base64');
    return encoded.slice(k === 0 ? 0 : 4, 4 * Math.floor((k + bytes.length) / 3));
  });
}
