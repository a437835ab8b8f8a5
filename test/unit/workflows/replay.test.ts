import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { Worker } from '@temporalio/worker';
import { projectRoot } from '../../../src/devserver/project-root';
import { workflowSource } from '../../../src/worker/workflow-source';
import { installTestRuntime } from '../../support/temporal';

// Full histories of real switches (test/fixtures/record-histories.ts). Replaying them against today's
// workflow code fails on any change that would break runs already in flight: version such changes
// with patched() and keep these fixtures.
const DIR = join(projectRoot(), 'test', 'fixtures', 'histories');

describe('replaying recorded switch histories', () => {
  before(() => installTestRuntime());
  const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));

  it('has fixtures for a switch, a no-op, a refusal, a forced stop and a rollback, from before and since the power-steps-v2 patch', () => {
    const kinds = ['forced-stop.json', 'noop.json', 'refused.json', 'rollback.json', 'switch-linux-to-windows.json'];
    assert.deepEqual(files.sort(), [...kinds, ...kinds.map((k) => `v2-${k}`)].sort());
  });

  for (const file of files) {
    it(`replays ${file} without a determinism error`, async () => {
      const history = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as unknown;
      await Worker.runReplayHistory({ ...workflowSource() }, history as Parameters<typeof Worker.runReplayHistory>[1], file);
    });
  }
});
