import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MockActivityEnvironment } from '@temporalio/testing';
import { forNodeArgOf, forSwitchOf } from '../../../src/activities/host-guard';
import { switchWorkflowId } from '../../../src/contract/switch';

// Which host's activities run, for which workflow or request; the integration tests
// (workflow/host-guard, workflow/multi-host) show the same through a real worker.
const inWorkflow = (workflowId: string) => new MockActivityEnvironment({ workflowExecution: { workflowId, runId: 'r' }, taskQueue: 'morpheus' });

describe('forSwitchOf (power activities, by the switch workflow that asks)', () => {
  const byNode = new Map(['pve1', 'pve2'].map((node) => [node, { observe: async (vmid: number) => `${node}:${vmid}` }]));
  const guarded = forSwitchOf(byNode);

  it("runs the activity of the host whose switch workflow asks, with the activity's arguments", async () => {
    assert.equal(await inWorkflow(switchWorkflowId('pve2')).run(() => guarded.observe(101)), 'pve2:101');
    assert.equal(await inWorkflow(switchWorkflowId('pve1')).run(() => guarded.observe(102)), 'pve1:102');
  });

  it('refuses any other workflow id, naming the hosts it serves', async () => {
    // A look-alike id as long as the real prefix ends in a served node: only the whole id may match.
    for (const id of [switchWorkflowId('pve3'), 'pve1', 'morpheus-switch_pve1', `${switchWorkflowId('pve1')}-2026-12-04T18:00:00Z`]) {
      await assert.rejects(
        inWorkflow(id).run(() => guarded.observe(101)),
        {
          message: `this worker serves hosts pve1, pve2 (workflows morpheus-switch-<node>), not ${id}; observe did nothing`,
        },
      );
    }
  });
});

describe('forNodeArgOf (bookkeeping activities, by the host their request names)', () => {
  const calls: string[] = [];
  const guarded = forNodeArgOf(['pve1', 'pve2'], { notify: async (request: { node: string }) => void calls.push(request.node) });

  it('runs for a host the worker serves, and refuses any other, doing nothing', async () => {
    await inWorkflow('any').run(() => guarded.notify({ node: 'pve2' }));
    await assert.rejects(
      inWorkflow('any').run(() => guarded.notify({ node: 'pve3' })),
      {
        message: 'this worker serves hosts pve1, pve2, not pve3; notify did nothing',
      },
    );
    assert.deepEqual(calls, ['pve2']);
  });
});
