import assert from 'node:assert/strict';
import type { CrashOutcome } from './crash-fixture';
import type { CrashFigures } from './crash-figures';
import type { RunView } from './kill-points';

// What the crash tests check after a switch, and the request counter keys they count.

export const START = 'POST /nodes/{node}/qemu/{vmid}/status/start';
export const STOP = 'POST /nodes/{node}/qemu/{vmid}/status/stop';
export const SHUTDOWN = 'POST /nodes/{node}/qemu/{vmid}/status/shutdown';

/**
 * What every crashed switch must show: it completed as a switch, windowsvrstreaming (VM 102) is the only
 * VM running, it was started by one request and came up once, and two GPU holders never ran together
 * (the simulator's own PCI guard is off in these tests, so an overlap Morpheus allowed would be
 * recorded). Counts the figures first, so failures are counted too.
 */
export function assertSafeRecovery(o: CrashOutcome, figures: CrashFigures, point: string): void {
  const startsOf102 = o.timeline.intervals.filter((i) => i.vmid === 102).length;
  figures.runs++;
  figures.kills++;
  figures.overlaps += o.timeline.overlaps.length;
  if (o.count(START) > 1 || startsOf102 > 1) figures.doubleStarts++;
  if (o.status === 'COMPLETED' && o.result.outcome === 'switched') figures.completed++;
  figures.recovered(point, o.recoveryMs);
  assert.equal(o.status, 'COMPLETED');
  assert.equal(o.result.outcome, 'switched');
  assert.deepEqual(o.running, [102], 'windowsvrstreaming is the only VM running');
  assert.equal(o.count(START), 1, `one start request, not ${o.count(START)}`);
  assert.equal(startsOf102, 1, 'VM 102 came up once');
  assert.deepEqual(o.timeline.overlaps, []);
}

/** The run's events in time relative to the kill (MORPHEUS_CRASH_TRACE=1), to see where recovery time goes. */
export function traceOf(view: RunView, killedAt: number): string {
  return view.events
    .map((e) => {
      const at = Number(e.eventTime?.seconds ?? 0) * 1000 + Math.round((e.eventTime?.nanos ?? 0) / 1e6) - killedAt;
      const attrs = Object.entries(e).find(([k, v]) => k.endsWith('Attributes') && v);
      const name = attrs?.[0].replace('EventAttributes', '') ?? '?';
      const detail = (attrs?.[1] as { activityType?: { name?: string }; attempt?: number; timeoutType?: unknown } | undefined) ?? {};
      return `  ${(at / 1000).toFixed(2).padStart(7)} s  ${name}${detail.activityType?.name ? ` ${detail.activityType.name}` : ''}${detail.attempt ? ` attempt ${detail.attempt}` : ''}${detail.timeoutType ? ` timeout ${String(detail.timeoutType)}` : ''}`;
    })
    .join('\n');
}
