import type { TemporalConnectionOptions } from './connection-options';

/** The Web UI page of a workflow, where it can be guessed: a local dev server (UI on port + 1000), Temporal Cloud, or MORPHEUS_UI_URL. */
export function webUiUrl(
  o: Pick<TemporalConnectionOptions, 'address' | 'namespace'>,
  workflowId: string,
  runId?: string,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const path = `/namespaces/${encodeURIComponent(o.namespace)}/workflows/${encodeURIComponent(workflowId)}${runId ? `/${runId}/history` : ''}`;
  const override = env['MORPHEUS_UI_URL'];
  if (override) return `${override.replace(/\/$/, '')}${path}`;
  if (o.address.endsWith('.tmprl.cloud:7233')) return `https://cloud.temporal.io${path}`;
  const m = /^(localhost|127\.0\.0\.1|\[::1\]):(\d+)$/.exec(o.address);
  return m ? `http://${m[1]}:${Number(m[2]) + 1000}${path}` : undefined;
}
