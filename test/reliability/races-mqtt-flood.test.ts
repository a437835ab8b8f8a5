import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { WorkflowExecutionInfo } from '@temporalio/client';
import { switchWorkflowId } from '../../src/contract/switch';
import { describeMqtt } from '../support/bridge';
import { eventually } from '../support/eventually';
import { MORPHEUS_GUARD_ONLY } from '../support/reliability';

const TARGETS = ['windowsvrstreaming', 'nimsforestnogpu', 'linuxvrstreaming', 'nimsforestsharedgpu'];
const FLOOD = 20;

describe('a flood of choices from Home Assistant (20 within a second)', () => {
  // Proxmox's own PCI check off: two GPU holders at once would be recorded as an overlap, not refused.
  const t = describeMqtt({ scenario: MORPHEUS_GUARD_ONLY });
  before(async () => {
    await eventually(() => t.ha.discovery(), { what: 'discovery' });
  });

  it('causes one transition at a time, never more: every other choice is answered busy, attached or refused', async (tc) => {
    await t.h.sim.control.clearRequests();
    const floodStart = new Date();
    await Promise.all(Array.from({ length: FLOOD }, (_, i) => t.ha.select(TARGETS[i % TARGETS.length]!)));
    const answers = await eventually(
      () => {
        const lines = t.bridge.lines.filter((l) => l.startsWith('Home Assistant: boot mode'));
        return lines.length >= FLOOD ? lines : undefined;
      },
      { what: () => `${FLOOD} answers; got ${t.bridge.lines.filter((l) => l.startsWith('Home Assistant: boot mode')).length}` },
    );
    const workflowId = switchWorkflowId(t.h.config.proxmox.node);
    await eventually(async () => ((await t.h.client.workflow.getHandle(workflowId).describe()).status.name === 'RUNNING' ? undefined : true), {
      what: 'the last switch to end',
    });

    const runs: WorkflowExecutionInfo[] = [];
    for await (const r of t.h.client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) if (r.startTime >= floodStart) runs.push(r);
    runs.sort((a, b) => a.startTime.getTime() - b.startTime.getTime());
    const texts = answers.map((l) => l.replace(/^Home Assistant: boot mode \S+: /, ''));
    const started = texts.filter((x) => x.startsWith('switching to ') || x.includes(': nothing to do (')).length;
    const turnedAway = texts.filter((x) => /^(busy: |already switching to |refused: )/.test(x)).length;
    assert.ok(started >= 1, `at least the first choice started a switch:\n${texts.join('\n')}`);
    assert.equal(started + turnedAway, FLOOD, `every choice got one of these answers:\n${texts.join('\n')}`);
    assert.equal(runs.length, started, 'one run per started answer');
    for (const r of runs) assert.equal(r.status.name, 'COMPLETED', `run ${r.runId} ended ${r.status.name}: none was terminated or replaced`);
    for (let i = 1; i < runs.length; i++) {
      assert.ok(runs[i]!.startTime.getTime() >= runs[i - 1]!.closeTime!.getTime(), `run ${i + 1} started after run ${i} closed`);
    }
    const timeline = await t.h.sim.control.gpuTimeline();
    const by = (prefix: string) => texts.filter((x) => x.startsWith(prefix)).length;
    tc.diagnostic(
      `${FLOOD} choices: ${started} started, ${by('busy: ')} busy, ${by('already switching to ')} attached, ${by('refused: ')} refused; ${runs.length} runs, one after another`,
    );
    assert.deepEqual(timeline.overlaps, [], 'never two GPU holders at once');
    const starts = (await t.h.sim.control.requests()).endpoints['POST /nodes/{node}/qemu/{vmid}/status/start']?.count ?? 0;
    assert.ok(starts <= runs.length, `${starts} VM starts for ${runs.length} runs`);
  });
});
