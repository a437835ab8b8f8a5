import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { Worker } from '@temporalio/worker';
import { projectRoot } from '../../../src/shared/project-root';
import { workflowSource } from '../../../src/worker/workflow-source';
import { installTestRuntime } from '../../support/temporal';

// Full histories of real switches (test/fixtures/record-histories.ts). Replaying them against today's
// workflow code fails on any change that would break runs already in flight: version such changes
// with patched() and keep these fixtures.
const DIR = join(projectRoot(), 'test', 'fixtures', 'histories');

/** What each fixture must be a history of: how the run closed, the activities it scheduled and the patches it recorded, in order. */
const FIXTURES: Readonly<
  Record<string, { readonly closed: string; readonly activities: readonly string[]; readonly timerFired?: true; readonly patches?: readonly string[] }>
> = {
  'switch-linux-to-windows.json': {
    closed: 'COMPLETED',
    activities: ['observe', 'requestShutdown', 'awaitStopped', 'verifyStopped', 'verifyGpuFree', 'startVm', 'verifyRunning', 'waitForNetwork'],
  },
  'noop.json': { closed: 'COMPLETED', activities: ['observe'] },
  'refused.json': { closed: 'FAILED', activities: ['observe'] },
  // The shutdown timer won: a forced stop follows it.
  'forced-stop.json': {
    closed: 'COMPLETED',
    activities: ['observe', 'requestShutdown', 'awaitStopped', 'forceStop', 'verifyStopped', 'startVm', 'verifyRunning', 'waitForNetwork'],
    timerFired: true,
  },
  // The target's start fails; the second startVm brings the stopped mode back.
  'rollback.json': {
    closed: 'FAILED',
    activities: ['observe', 'requestShutdown', 'awaitStopped', 'verifyStopped', 'verifyGpuFree', 'startVm', 'startVm', 'verifyRunning'],
  },
  // Since patched('power-steps-v2'): the shutdown and its wait, the start and its check, are one activity each.
  'v2-switch-linux-to-windows.json': {
    closed: 'COMPLETED',
    activities: ['observe', 'shutdownAndWait', 'verifyGpuFree', 'startAndVerify', 'waitForNetwork'],
    patches: ['power-steps-v2'],
  },
  'v2-noop.json': { closed: 'COMPLETED', activities: ['observe'] },
  'v2-refused.json': { closed: 'FAILED', activities: ['observe'] },
  'v2-forced-stop.json': {
    closed: 'COMPLETED',
    activities: ['observe', 'shutdownAndWait', 'forceStop', 'startAndVerify', 'waitForNetwork'],
    timerFired: true,
    patches: ['power-steps-v2', 'run-memo'],
  },
  'v2-rollback.json': {
    closed: 'FAILED',
    activities: ['observe', 'shutdownAndWait', 'verifyGpuFree', 'startAndVerify', 'startAndVerify'],
    patches: ['power-steps-v2', 'run-memo'],
  },
  // Since patched('settle-shutdown-wait'): after the forced stop, the cancelled shutdown wait settles before the switch goes on.
  'v3-forced-stop.json': {
    closed: 'COMPLETED',
    activities: ['observe', 'shutdownAndWait', 'forceStop', 'startAndVerify', 'waitForNetwork'],
    timerFired: true,
    patches: ['power-steps-v2', 'settle-shutdown-wait', 'run-memo'],
  },
};

interface HistoryJson {
  events: {
    eventType: string;
    activityTaskScheduledEventAttributes?: { activityType: { name: string } };
    timerFiredEventAttributes?: unknown;
    markerRecordedEventAttributes?: { markerName: string; details?: Record<string, { payloads?: { data?: string }[] }> };
  }[];
}

/** The ids of the patches a history recorded, in order (the SDK's `core_patch` markers). */
const patchesOf = (events: HistoryJson['events']): string[] =>
  events.flatMap((e) => {
    const marker = e.markerRecordedEventAttributes;
    const data = marker?.markerName === 'core_patch' ? marker.details?.['patch-data']?.payloads?.[0]?.data : undefined;
    return data ? [(JSON.parse(Buffer.from(data, 'base64').toString('utf8')) as { id: string }).id] : [];
  });

describe('replaying recorded switch histories', () => {
  before(() => installTestRuntime());
  const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));
  const read = (file: string) => JSON.parse(readFileSync(join(DIR, file), 'utf8')) as HistoryJson;

  it('has fixtures for a switch, a no-op, a refusal, a forced stop and a rollback, from before and since the power-steps-v2 patch, and a forced stop since settle-shutdown-wait, each a history of what its name says', () => {
    assert.deepEqual(files.sort(), Object.keys(FIXTURES).sort());
    for (const [file, expected] of Object.entries(FIXTURES)) {
      const events = read(file).events;
      assert.equal(events[events.length - 1]?.eventType, `EVENT_TYPE_WORKFLOW_EXECUTION_${expected.closed}`, file);
      assert.deepEqual(
        events.flatMap((e) => (e.activityTaskScheduledEventAttributes ? [e.activityTaskScheduledEventAttributes.activityType.name] : [])),
        expected.activities,
        file,
      );
      assert.equal(
        events.some((e) => e.timerFiredEventAttributes),
        expected.timerFired === true,
        `${file}: a shutdown timer fired`,
      );
      assert.deepEqual(patchesOf(events), expected.patches ?? [], `${file}: the patches it recorded`);
    }
  });

  for (const file of files) {
    it(`replays ${file} without a determinism error`, async () => {
      await Worker.runReplayHistory({ ...workflowSource() }, read(file) as unknown as Parameters<typeof Worker.runReplayHistory>[1], file);
    });
  }
});
