import { Agent, request } from 'undici';
import type { z } from 'zod';
import { ProxmoxClient, type ProxmoxClientOptions } from '../../src/proxmox/client';
import { buildProxmoxConnector } from '../../src/proxmox/tls';
import type { FaultCounts } from '../../src/simulator/http/faults';
import type { GpuTimelineSnapshot } from '../../src/simulator/model/gpu-timeline';
import type { Faults, FaultsSchema, ScenarioInput } from '../../src/simulator/scenario';
import { eventually } from './eventually';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../src/simulator/server';
import type { SimWorld, VmPatch } from '../../src/simulator/world';

export type SimState = ReturnType<SimWorld['state']>;
export type SimVmState = SimState['vms'][number];
export type SimTaskView = ReturnType<SimWorld['tasks']>[number];

export interface SimRequests {
  readonly total: number;
  readonly endpoints: Readonly<Record<string, { readonly count: number; readonly statuses: Readonly<Record<string, number>> }>>;
  /** Per VM, for the endpoints that name one: `byVm['GET /nodes/{node}/qemu/{vmid}/config']['101']`. */
  readonly byVm: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly injected: FaultCounts;
  /** Requests the `hold` fault keeps waiting now. */
  readonly held: number;
}

/** The simulator's `/_sim/*` control surface, spoken over HTTPS so it works for simulators in other processes too. */
export interface SimControl {
  state(): Promise<SimState>;
  /** Starts a fresh host from a scenario; token secrets are kept. Scenario defaults apply (time_scale 1!). */
  reset(scenario?: ScenarioInput): Promise<SimState>;
  patchVm(vmid: number, patch: VmPatch): Promise<SimVmState>;
  /** Makes what the VM is in the middle of (a task, a slow shutdown, a boot) happen now; 409 when nothing is. */
  finishNow(vmid: number): Promise<SimVmState>;
  /** Every Proxmox task since the last reset, oldest first. */
  tasks(): Promise<SimTaskView[]>;
  setFaults(faults: z.input<typeof FaultsSchema>): Promise<Faults>;
  /** Requests per endpoint pattern, e.g. `endpoints['GET /nodes/{node}/qemu'].count`. */
  requests(): Promise<SimRequests>;
  clearRequests(): Promise<void>;
  gpuTimeline(): Promise<GpuTimelineSnapshot>;
  close(): Promise<void>;
}

/** Thrown when the control surface answers an error. */
export class SimControlError extends Error {
  override readonly name = 'SimControlError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A control client for the simulator at `url`, pinned to its certificate's fingerprint. */
export function simControl(url: string, fingerprint: string): SimControl {
  const agent = new Agent({ connect: buildProxmoxConnector({ verify: true, fingerprint }, 5_000) });
  async function call<T>(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const res = await request(`${url}${path}`, {
      method,
      dispatcher: agent,
      headersTimeout: 10_000,
      bodyTimeout: 10_000,
      ...(body !== undefined && { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    const text = await res.body.text();
    if (res.statusCode !== 200) throw new SimControlError(res.statusCode, `${method} ${path}: ${res.statusCode} ${text}`);
    return (JSON.parse(text) as { data: T }).data;
  }
  return {
    state: () => call('GET', '/_sim/state'),
    reset: (scenario) => call('POST', '/_sim/reset', scenario ?? {}),
    patchVm: (vmid, patch) => call('PATCH', `/_sim/vms/${vmid}`, patch),
    finishNow: (vmid) => call('POST', `/_sim/vms/${vmid}/finish-now`),
    tasks: () => call('GET', '/_sim/tasks'),
    setFaults: (faults) => call('PUT', '/_sim/faults', faults),
    requests: () => call('GET', '/_sim/requests'),
    clearRequests: () => call('DELETE', '/_sim/requests'),
    gpuTimeline: () => call('GET', '/_sim/gpu-timeline'),
    close: () => agent.close(),
  };
}

/**
 * A guest duration (simulated seconds; ten hours at time scale 1) no test waits out: a test holds a
 * step open with it and ends the step with `finishNow` once it has seen it.
 */
export const HELD = 36_000;

/**
 * Ends what a test holds open on a VM (a shutdown, a start task, a boot that takes hours) as soon as
 * it is under way. A pending activity is not yet a request: until the worker has sent it, the VM is
 * in the middle of nothing and finish-now answers 409, so the 409 is waited out (up to 30 s) rather
 * than raced. A held shutdown task lasts the timeout Morpheus passed, in simulated time: tests that
 * hold one use `shutdown_timeout: 1h` (36 s at a time scale of 0.01), so a busy machine still finds it under way.
 */
export async function finishWhenUnderWay(control: SimControl, vmid: number): Promise<void> {
  await eventually(
    () =>
      control.finishNow(vmid).then(
        () => true,
        (err: unknown) => {
          if (err instanceof SimControlError && err.status === 409) return undefined;
          throw err;
        },
      ),
    { what: `VM ${vmid} to be in the middle of something to finish` },
  );
}

export interface TestSimulator extends RunningSimulator {
  /** The first token of the scenario (id and secret). */
  readonly token: { readonly id: string; readonly secret: string };
  /** A client pinned to the simulator's fingerprint, with its first token; closed with the simulator. */
  client(overrides?: Partial<ProxmoxClientOptions>): ProxmoxClient;
  readonly control: SimControl;
}

/**
 * Starts a simulator for a test: EC keys (fast) and time scale 0.01 unless the options or the
 * scenario set one. `close()` also closes every client and the control connection.
 */
export async function startTestSimulator(opts: SimulatorOptions = {}): Promise<TestSimulator> {
  const scenarioScale = (opts.scenario as { time_scale?: number } | undefined)?.time_scale;
  const sim = await startSimulator({
    ...opts,
    keyType: opts.keyType ?? 'ec',
    ...(opts.timeScale === undefined && scenarioScale === undefined && { timeScale: 0.01 }),
  });
  const control = simControl(sim.url, sim.fingerprint);
  const clients: ProxmoxClient[] = [];
  const token = sim.tokens[0]!;
  return {
    ...sim,
    get tokens() {
      return sim.tokens;
    },
    token,
    control,
    client(overrides = {}) {
      const client = new ProxmoxClient({
        host: sim.host,
        port: sim.port,
        node: sim.node,
        tokenId: token.id,
        tokenSecret: token.secret,
        tls: { verify: true, fingerprint: sim.fingerprint },
        requestTimeoutMs: 5_000,
        ...overrides,
      });
      clients.push(client);
      return client;
    },
    async close() {
      await Promise.all([...clients.map((c) => c.close()), control.close()]);
      await sim.close();
    },
  };
}
