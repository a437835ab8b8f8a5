import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SwitchResult } from '../../src/contract/switch';
import { switchWorkflowId } from '../../src/contract/switch';
import { describeMqtt } from '../support/bridge';
import { eventually } from '../support/eventually';
import { fakeHomeAssistant } from '../support/ha-client';
import { MORPHEUS_GUARD_ONLY } from '../support/reliability';
import { finishWhenUnderWay } from '../support/simulator';

// The switch is held at the guest's shutdown (60 s timeout, a guest that takes ten hours) until the
// test ends it, so the broker's restart falls inside the switch however fast or slow the machine is.
const HELD = 'switch:\n  shutdown_timeout: 60s\n  start_timeout: 20s\n  network_timeout: 5s';

describe('the MQTT broker restarts in the middle of a switch started from Home Assistant', () => {
  const t = describeMqtt({ switchSection: HELD, scenario: MORPHEUS_GUARD_ONLY });

  it('the bridge reconnects and announces again, and the switch runs on to its end, once', async () => {
    await eventually(() => t.ha.discovery(), { what: 'the first discovery' });
    await t.h.sim.control.patchVm(101, { behaviour: { shutdown_duration: 36_000 } });
    await t.ha.select('windowsvrstreaming');
    await t.ha.waitForState((s) => s.switch.state === 'switching: step 1 of 4', 'the shutdown step under way');
    const run = await t.h.client.workflow.getHandle(switchWorkflowId(t.h.config.proxmox.node)).describe();

    await t.broker.stop();
    await eventually(() => t.bridge.lines.find((l) => l.startsWith('lost the MQTT broker')), { what: 'the bridge noticing the broker gone' });
    const since = t.ha.messages.length;
    await t.broker.start();

    // The restarted broker kept nothing (no persistence): what HA sees now, the bridge sent again.
    const topicsSeen = () => new Set(t.ha.messages.slice(since).map((m) => m.topic));
    await eventually(() => ([t.ha.topics.discovery, t.ha.topics.availability, t.ha.topics.state].every((x) => topicsSeen().has(x)) ? true : undefined), {
      what: () => `discovery, availability and state after the restart; seen: ${[...topicsSeen()].join(', ')}; bridge: ${t.bridge.lines.join(' | ')}`,
    });
    assert.equal(t.ha.messages.slice(since).find((m) => m.topic === t.ha.topics.availability)!.payload, 'online');
    await t.ha.waitForState((s) => s.switch.state === 'switching: step 1 of 4', 'the switch still under way', since);
    assert.equal(t.bridge.lines.filter((l) => l.startsWith('connected to the MQTT broker')).length, 2);

    await finishWhenUnderWay(t.h.sim.control, 101);
    const done = await t.ha.waitForState((s) => s.last_switch.outcome === 'switched', 'the switch done', since);
    assert.equal(done.current, 'windowsvrstreaming');

    const handle = t.h.client.workflow.getHandle(run.workflowId, run.runId);
    const result = (await handle.result()) as SwitchResult;
    assert.equal(result.outcome, 'switched');
    const latest = await t.h.client.workflow.getHandle(run.workflowId).describe();
    assert.equal(latest.runId, run.runId, 'the same run, not a second one');
    const requests = await t.h.sim.control.requests();
    assert.equal(requests.endpoints['POST /nodes/{node}/qemu/{vmid}/status/start']?.count, 1);
    assert.equal(requests.endpoints['POST /nodes/{node}/qemu/{vmid}/status/shutdown']?.count, 1);
    assert.deepEqual((await t.h.sim.control.gpuTimeline()).overlaps, []);

    // A Home Assistant that starts only now still finds the device: discovery is retained again.
    const late = await fakeHomeAssistant(t.broker.url, t.h.config.proxmox.node);
    try {
      assert.deepEqual(await eventually(() => late.discovery()?.device.identifiers), [`morpheus_${t.h.config.proxmox.node}`]);
    } finally {
      await late.close();
    }
  });
});
