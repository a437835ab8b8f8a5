import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { type SimToken } from './http/auth';
import { seededRandom } from '../shared/seeded-random';
import type { FaultCounts } from './http/faults';
import { RequestCounter } from './http/request-counter';
import { scaledClock, type SimClock } from './model/clock';
import { SimHost } from './model/host';
import { SimApiError } from './model/sim-api-error';
import { BehaviourSchema, type Faults, FaultsSchema, type Scenario, ScenarioSchema } from './scenario';

/** What the control surface may change on one VM at runtime. */
export const VmPatchSchema = z.strictObject({
  behaviour: BehaviourSchema.partial().optional(),
  /** A config lock such as `backup`; null clears it. */
  lock: z.string().nullable().optional(),
  /** Config keys to set; null deletes a key. */
  config: z.record(z.string(), z.union([z.string(), z.number(), z.null()])).optional(),
});
export type VmPatch = z.input<typeof VmPatchSchema>;

/**
 * Everything one simulator instance holds: the host model, its tokens, faults and counters. `reset`
 * starts a fresh host from a scenario while keeping generated token secrets, so a running Morpheus
 * stays authenticated across test cases.
 */
export class SimWorld {
  host!: SimHost;
  tokens: SimToken[] = [];
  faults!: Faults;
  random!: () => number;
  readonly counter = new RequestCounter();
  injected: FaultCounts = { errors: 0, drops: 0, malformed: 0 };
  clock!: SimClock;
  #lift: (() => void)[] = [];

  constructor(scenario: Scenario) {
    this.reset(scenario);
  }

  get scenario(): Scenario {
    return this.host.scenario;
  }

  reset(scenario: Scenario): void {
    const previous = new Map(this.tokens.map((t) => [t.id, t.secret]));
    this.tokens = scenario.tokens.map((t) => ({ id: t.id, secret: t.secret ?? previous.get(t.id) ?? randomUUID(), privileges: t.privileges }));
    this.clock = scaledClock(scenario.time_scale);
    this.host = new SimHost(scenario, this.clock);
    this.faults = scenario.faults;
    this.#liftHold();
    this.random = seededRandom(scenario.seed);
    this.injected = { errors: 0, drops: 0, malformed: 0 };
    this.counter.reset();
  }

  /** Resets from a control-surface scenario; one that names no time scale keeps the current one. */
  resetFrom(input: unknown): void {
    const given = input && typeof input === 'object' && !Array.isArray(input) ? (input as Record<string, unknown>) : {};
    const parsed = ScenarioSchema.safeParse({ time_scale: this.scenario.time_scale, ...given });
    if (!parsed.success) throw new SimApiError(400, `invalid scenario: ${issuesText(parsed.error)}`);
    this.reset(parsed.data);
  }

  setFaults(input: unknown): Faults {
    const parsed = FaultsSchema.safeParse(input);
    if (!parsed.success) throw new SimApiError(400, `invalid faults: ${issuesText(parsed.error)}`);
    this.faults = parsed.data;
    this.#liftHold();
    return this.faults;
  }

  /** How many requests the `hold` fault keeps waiting now. */
  get held(): number {
    return this.#lift.length;
  }

  /** Resolves once the faults in force no longer hold requests. */
  holdLifted(): Promise<void> {
    return new Promise((resolve) => this.#lift.push(resolve));
  }

  #liftHold(): void {
    if (this.faults.hold) return;
    for (const resolve of this.#lift.splice(0)) resolve();
  }

  /** Every task since the last reset, oldest first, as the control surface shows them. */
  tasks() {
    this.host.advance();
    return [...this.host.tasks.values()].map((t) => ({
      upid: t.upid,
      type: t.type,
      vmid: t.vmid ?? null,
      user: t.caller.tokenName ? `${t.caller.user}!${t.caller.tokenName}` : t.caller.user,
      status: t.status,
      exitstatus: t.exitstatus ?? null,
    }));
  }

  patchVm(vmid: number, input: unknown): void {
    const parsed = VmPatchSchema.safeParse(input);
    if (!parsed.success) throw new SimApiError(400, `invalid VM patch: ${issuesText(parsed.error)}`);
    this.host.advance();
    const vm = this.host.vm(vmid);
    const patch = parsed.data;
    if (patch.behaviour) {
      // `.partial()` still fills in the defaults of absent keys; apply only the keys the caller sent.
      const sent = new Set(Object.keys((input as { behaviour: object }).behaviour));
      vm.behaviour = { ...vm.behaviour, ...Object.fromEntries(Object.entries(patch.behaviour).filter(([k]) => sent.has(k))) };
    }
    if (patch.lock !== undefined) vm.lock = patch.lock ?? undefined;
    for (const [key, value] of Object.entries(patch.config ?? {})) {
      if (value === null) delete vm.config[key];
      else vm.config[key] = value;
    }
  }

  /** A compact view of the host for tests and demos. */
  state() {
    const now = this.host.advance();
    return {
      node: this.host.node,
      now,
      time_scale: this.scenario.time_scale,
      vms: [...this.host.vms.values()].map((vm) => ({
        vmid: vm.vmid,
        name: vm.name,
        status: vm.status,
        lock: vm.lock ?? null,
        ha: vm.ha,
        agent_ready: vm.agentReadyAt !== undefined && now >= vm.agentReadyAt,
        config: vm.config,
        behaviour: vm.behaviour,
      })),
      running_tasks: [...this.host.tasks.values()].filter((t) => t.status === 'running').map((t) => t.upid),
      faults: this.faults,
      injected: this.injected,
    };
  }
}

function issuesText(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
}
