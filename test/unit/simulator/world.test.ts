import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_SCENARIO } from '../../../src/simulator/default-scenario';
import { SimApiError } from '../../../src/simulator/model/sim-api-error';
import { BehaviourSchema, ScenarioSchema } from '../../../src/simulator/scenario';
import { SimWorld } from '../../../src/simulator/world';

const world = () => new SimWorld(ScenarioSchema.parse(DEFAULT_SCENARIO));

describe('scenario durations', () => {
  it('reads default durations as simulated seconds, like explicit ones', () => {
    const b = BehaviourSchema.parse({});
    assert.deepEqual([b.start_duration, b.boot_duration, b.shutdown_duration, b.stop_duration, b.ha_delay], [2_000, 15_000, 8_000, 1_000, 2_000]);
    assert.equal(ScenarioSchema.parse({}).auth_failure_delay, 3_000);
    assert.equal(ScenarioSchema.parse({ vms: [{ vmid: 100, name: 'x' }] }).vms[0]?.behaviour.boot_duration, 15_000);
  });

  it('reads "500ms", "8s", "2m" and plain numbers', () => {
    const b = BehaviourSchema.parse({ start_duration: '500ms', boot_duration: '8s', shutdown_duration: '2m', ha_delay: 1.5 });
    assert.deepEqual([b.start_duration, b.boot_duration, b.shutdown_duration, b.ha_delay], [500, 8_000, 120_000, 1_500]);
  });
});

describe('SimWorld.patchVm', () => {
  it('changes only the behaviour keys it is given', () => {
    const w = world();
    w.patchVm(101, { behaviour: { shutdown_duration: 30 } });
    w.patchVm(101, { behaviour: { ignores_acpi: true } });
    const b = w.host.vm(101).behaviour;
    assert.equal(b.shutdown_duration, 30_000);
    assert.equal(b.ignores_acpi, true);
    assert.equal(b.address, '192.168.1.150');
  });

  it('sets and clears a lock and config keys', () => {
    const w = world();
    w.patchVm(102, { lock: 'backup', config: { agent: null, tags: 'gpu' } });
    assert.equal(w.host.vm(102).lock, 'backup');
    assert.equal(w.host.vm(102).config['agent'], undefined);
    assert.equal(w.host.vm(102).config['tags'], 'gpu');
    w.patchVm(102, { lock: null });
    assert.equal(w.host.vm(102).lock, undefined);
  });

  it('refuses an unknown key with a 400', () => {
    assert.throws(
      () => world().patchVm(101, { colour: 'red' }),
      (err: unknown) => err instanceof SimApiError && err.status === 400 && /invalid VM patch/.test(err.message),
    );
  });
});

describe('SimWorld.reset', () => {
  it('keeps generated token secrets, so a running client stays authenticated', () => {
    const w = world();
    const secret = w.tokens[0]?.secret;
    w.resetFrom({ ...DEFAULT_SCENARIO, time_scale: 0.5 });
    assert.equal(w.tokens[0]?.secret, secret);
    assert.equal(w.scenario.time_scale, 0.5);
  });

  it('starts a fresh host, faults and counters', () => {
    const w = world();
    w.setFaults({ error_rate: 1 });
    w.counter.record('GET /version', 200);
    w.host.vm(101).lock = 'backup';
    w.resetFrom(DEFAULT_SCENARIO);
    assert.equal(w.faults.error_rate, 0);
    assert.equal(w.counter.snapshot().total, 0);
    assert.equal(w.host.vm(101).lock, undefined);
  });

  it('refuses an invalid scenario or fault set with a 400', () => {
    assert.throws(
      () => world().resetFrom({ time_scale: -1 }),
      (err: unknown) => err instanceof SimApiError && err.status === 400,
    );
    assert.throws(
      () => world().setFaults({ error_rate: 2 }),
      (err: unknown) => err instanceof SimApiError && err.status === 400,
    );
  });
});
