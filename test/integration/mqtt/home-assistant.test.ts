import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { DevicePayload } from '../../../src/mqtt/discovery';
import type { HostState } from '../../../src/mqtt/host-state';
import { switchWorkflowId } from '../../../src/contract/switch';
import { REQUESTED_BY_ATTRIBUTE } from '../../../src/contract/search-attributes';
import { describeMqtt } from '../../support/bridge';
import { eventually } from '../../support/eventually';
import { fakeHomeAssistant, type FakeHomeAssistant } from '../../support/ha-client';
import {
  DOCUMENTED_AVAILABILITY_KEYS,
  DOCUMENTED_COMPONENT_KEYS,
  DOCUMENTED_DEVICE_KEYS,
  DOCUMENTED_ORIGIN_KEYS,
  DOCUMENTED_ROOT_KEYS,
  ENTITY_CATEGORIES,
  REQUIRED_COMPONENT_KEYS,
} from '../../support/ha-discovery-keys';
import { finishWhenUnderWay } from '../../support/simulator';

// A switch waits at the guest's shutdown until the test ends it with finish-now (a 60 s timeout, a
// guest that takes ten hours): the window in which HA's other requests arrive is held open, not raced.
const HELD = 'switch:\n  shutdown_timeout: 60s\n  start_timeout: 20s\n  network_timeout: 5s';

/** The value a `{{ value_json.a.b or 'None' }}` / `{{ value_json.a | tojson }}` template reads from the state. */
function templatePath(template: string, state: HostState): unknown {
  const m = /^\{\{ value_json\.([a-z_.]+)(?: or 'None'| \| tojson) \}\}$/.exec(template);
  assert.ok(m, `a template of a form this test understands: ${template}`);
  return m[1]!.split('.').reduce<unknown>((v, key) => {
    assert.ok(v !== null && typeof v === 'object' && key in v, `the state has ${m[1]} (template ${template})`);
    return (v as Record<string, unknown>)[key];
  }, state);
}

describe('Home Assistant over MQTT, with a real Mosquitto broker', () => {
  const t = describeMqtt({ switchSection: HELD });
  const node = () => t.h.config.proxmox.node;
  const running = async () => (await t.h.sim.control.state()).vms.filter((v) => v.status === 'running').map((v) => v.vmid);
  let ha: FakeHomeAssistant;
  before(() => {
    ha = t.ha;
  });

  it('announces the host by device discovery, with only the keys Home Assistant documents', async () => {
    const d = await eventually(() => ha.discovery(), { what: 'the discovery message' });
    for (const key of Object.keys(d)) assert.ok(DOCUMENTED_ROOT_KEYS.has(key), `root key ${key} is documented`);
    for (const key of Object.keys(d.device)) assert.ok(DOCUMENTED_DEVICE_KEYS.has(key), `device key ${key} is documented`);
    for (const key of Object.keys(d.origin)) assert.ok(DOCUMENTED_ORIGIN_KEYS.has(key), `origin key ${key} is documented`);
    for (const a of d.availability) for (const key of Object.keys(a)) assert.ok(DOCUMENTED_AVAILABILITY_KEYS.has(key), `availability key ${key}`);
    assert.equal(d.origin.name, 'Morpheus', 'origin.name is mandatory for device discovery');
    assert.deepEqual(d.device.identifiers, [`morpheus_${node()}`]);

    const state = await ha.waitForState((s) => s.current !== null, 'the host read');
    const uniqueIds = new Set<string>();
    for (const [key, c] of Object.entries(d.components)) {
      assert.match(key, /^[a-zA-Z0-9_-]+$/);
      const documented = DOCUMENTED_COMPONENT_KEYS[c.platform];
      assert.ok(documented, `${key}: platform ${c.platform} is one Morpheus means to use`);
      for (const k of Object.keys(c)) assert.ok(documented.has(k), `${key}: ${c.platform} key ${k} is documented`);
      for (const k of REQUIRED_COMPONENT_KEYS[c.platform]!) assert.ok(k in c, `${key}: required key ${k}`);
      if ('entity_category' in c) assert.ok(ENTITY_CATEGORIES[c.platform]!.includes(c['entity_category'] as string), `${key}: entity_category`);
      assert.ok(!uniqueIds.has(c.unique_id), `${key}: unique_id is unique`);
      uniqueIds.add(c.unique_id);
      for (const k of ['value_template', 'json_attributes_template'] as const) if (typeof c[k] === 'string') templatePath(c[k], state);
      for (const k of ['state_topic', 'json_attributes_topic'] as const) if (k in c) assert.equal(c[k], ha.topics.state);
    }
    const p = d.components as DevicePayload['components'] & Record<string, Record<string, unknown>>;
    assert.deepEqual(
      Object.keys(p).sort(),
      ['boot_mode', 'cancel', 'current_mode', 'ip', 'last_request', 'last_switch', 'switch_state'],
      'no wake button without a way to wake the host',
    );
    assert.deepEqual(p['boot_mode']!['options'], ['linuxvrstreaming', 'windowsvrstreaming', 'nimsforestnogpu', 'nimsforestsharedgpu']);
    assert.equal(p['boot_mode']!['command_topic'], ha.topics.modeCommand);
    assert.equal(p['cancel']!['command_topic'], ha.topics.cancelCommand);
  });

  it('keeps availability online, retained, so HA knows at once after it subscribes', async () => {
    const late = await fakeHomeAssistant(t.broker.url, node());
    try {
      const online = await eventually(() => late.last(late.topics.availability), { what: 'the availability message' });
      assert.deepEqual([online.payload, online.retain], ['online', true]);
      const state = await eventually(() => late.last(late.topics.state), { what: 'the retained state' });
      assert.equal(state.retain, true);
      assert.equal((JSON.parse(state.payload) as HostState).mode, 'linuxvrstreaming');
    } finally {
      await late.close();
    }
  });

  it('shows the current mode and its IP from the guest agent', async () => {
    const s = await ha.waitForState((x) => x.ip !== null, 'an IP');
    assert.deepEqual([s.mode, s.current, s.ip, s.switch.state], ['linuxvrstreaming', 'linuxvrstreaming', '192.168.1.150', 'idle']);
  });

  it('a choice in the select runs a real switch on the simulator, published step by step; other choices meanwhile are answered busy or attached', async () => {
    await t.h.sim.control.patchVm(101, { behaviour: { shutdown_duration: 36_000 } });
    const since = ha.messages.length;
    await ha.select('windowsvrstreaming');
    const started = await ha.waitForState((s) => s.last_request.outcome === 'started', 'the request started', since);
    assert.equal(started.last_request.text, 'switching to windowsvrstreaming');
    const step = await ha.waitForState((s) => s.switch.state === 'switching: step 1 of 4', 'the shutdown step under way', since);
    assert.deepEqual(
      [step.mode, step.switch.target, step.switch.step, step.switch.requested_by],
      ['windowsvrstreaming', 'windowsvrstreaming', 'Shutting down linuxvrstreaming (VM 101)', 'home-assistant:test'],
    );

    const busySince = ha.messages.length;
    await ha.select('nimsforestnogpu');
    const busy = await ha.waitForState((s) => s.last_request.outcome === 'busy', 'a busy answer', busySince);
    assert.match(
      busy.last_request.text!,
      /^busy: another switch is in progress \(switch to windowsvrstreaming, requested by home-assistant:test; switching: step 1 of 4\)/,
    );
    assert.equal(busy.mode, 'windowsvrstreaming', 'the select shows the switch under way, not the refused choice');
    await ha.select('windowsvrstreaming');
    await ha.waitForState((s) => s.last_request.outcome === 'attached', 'the same choice following the running switch', busySince);

    await finishWhenUnderWay(t.h.sim.control, 101);
    const done = await ha.waitForState((s) => s.switch.state === 'idle' && s.last_switch.outcome === 'switched', 'the switch done', since);
    assert.deepEqual(
      [done.mode, done.current, done.last_switch.summary],
      ['windowsvrstreaming', 'windowsvrstreaming', 'linuxvrstreaming → windowsvrstreaming: switched'],
    );
    assert.deepEqual(await running(), [102]);
    await ha.waitForState((s) => s.ip === '192.168.1.151', "the new mode's IP", since);

    // Progress was published as it happened: never backwards, from step 1 to idle. States without a
    // step number ("switching" when a busy machine's progress query did not answer in time, or
    // "switching: finishing") say nothing about the order and are left out.
    const states = ha.states().map((s) => s.switch.state);
    const afterStart = states.slice(states.indexOf('switching: step 1 of 4'));
    const numbered = afterStart
      .slice(0, afterStart.indexOf('idle') + 1)
      .flatMap((x) => (x === 'idle' ? [99] : /step (\d+)/.test(x) ? [Number(/step (\d+)/.exec(x)![1])] : []));
    assert.deepEqual(
      numbered,
      [...numbered].sort((a, b) => a - b),
    );

    const run = await t.h.client.workflow.getHandle(switchWorkflowId(node())).describe();
    assert.equal(
      run.typedSearchAttributes.get(REQUESTED_BY_ATTRIBUTE),
      'home-assistant:test',
      'the same workflow and per-host id as the CLI, saying who asked',
    );
  });

  it('refuses a choice that conflicts_with the running mode: the select returns to the current mode and says why', async () => {
    const before = await t.h.client.workflow.getHandle(switchWorkflowId(node())).describe();
    const since = ha.messages.length;
    await ha.select('nimsforestsharedgpu');
    const refused = await ha.waitForState((s) => s.last_request.outcome === 'refused', 'a refusal', since);
    assert.equal(refused.mode, 'windowsvrstreaming');
    assert.match(refused.last_request.text!, /^refused: Cannot switch to nimsforestsharedgpu: Conflicts with: .*windowsvrstreaming \(running\)/);
    const after = await t.h.client.workflow.getHandle(switchWorkflowId(node())).describe();
    assert.equal(after.runId, before.runId, 'a refusal starts no workflow');
    assert.deepEqual(await running(), [102]);
  });

  it('answers an unknown mode with the known ones, and starts nothing', async () => {
    const since = ha.messages.length;
    await ha.select('windowsvr');
    const s = await ha.waitForState((x) => x.last_request.outcome === 'unknown-mode', 'an unknown-mode answer', since);
    assert.match(s.last_request.text!, /^unknown mode "windowsvr"; did you mean "windowsvrstreaming"\?/);
    assert.equal(s.mode, 'windowsvrstreaming');
  });

  it('the Cancel switch button cancels the running switch; the stopped mode is restored', async () => {
    await t.h.sim.control.patchVm(102, { behaviour: { shutdown_duration: 36_000 } });
    const since = ha.messages.length;
    await ha.select('linuxvrstreaming');
    await ha.waitForState((s) => s.switch.state === 'switching: step 1 of 4', 'the shutdown step under way', since);
    await ha.press('cancel');
    await ha.waitForState((s) => s.last_request.outcome === 'cancel-requested', 'the cancellation requested', since);
    await finishWhenUnderWay(t.h.sim.control, 102);
    const done = await ha.waitForState((s) => s.switch.state === 'idle' && s.last_switch.outcome === 'cancelled', 'the switch cancelled', since);
    assert.equal(done.last_switch.summary, 'windowsvrstreaming → linuxvrstreaming: cancelled');
    await ha.waitForState((s) => s.current === 'windowsvrstreaming', 'windowsvrstreaming restored', since);
    assert.deepEqual(await running(), [102]);

    const idleSince = ha.messages.length;
    await ha.press('cancel');
    const none = await ha.waitForState((s) => s.last_request.outcome === 'nothing-to-cancel', 'nothing to cancel', idleSince);
    assert.equal(none.last_request.text, 'no switch is running; nothing to cancel');
  });

  it('sends discovery again when Home Assistant announces online on homeassistant/status', async () => {
    const count = () => ha.messages.filter((m) => m.topic === ha.topics.discovery).length;
    const before = count();
    await ha.announceOnline();
    await eventually(() => (count() > before ? true : undefined), { what: 'discovery sent again' });
    assert.ok(t.bridge.lines.some((l) => l.startsWith('connected to the MQTT broker')));
  });
});
