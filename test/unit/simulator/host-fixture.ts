import { DEFAULT_SCENARIO } from '../../../src/simulator/default-scenario';
import { manualClock } from '../../../src/simulator/model/clock';
import { SimHost } from '../../../src/simulator/model/host';
import { callerOf } from '../../../src/simulator/model/tasks';
import type { SimTask } from '../../../src/simulator/model/tasks';
import type { SimVm } from '../../../src/simulator/model/vm';
import { type Behaviour, type ScenarioInput, ScenarioSchema } from '../../../src/simulator/scenario';

export const TOKEN_ID = 'morpheus@pam!morpheus-token';
export const CALLER = callerOf(TOKEN_ID);

/**
 * The default home lab (101 running with the GPU; 102, 104, 105 want it too) on a clock moved by
 * hand: `after(ms)` moves simulated time and applies what became due.
 */
export function labHost(overrides: Partial<ScenarioInput> = {}) {
  const clock = manualClock();
  const host = new SimHost(ScenarioSchema.parse({ ...DEFAULT_SCENARIO, ...overrides }), clock);
  const start = host.now;
  return {
    host,
    /** Simulated milliseconds since the host was created. */
    elapsed: () => host.now - start,
    after(ms: number): void {
      clock.advance(ms);
      host.advance();
    },
    task: (upid: string): SimTask => {
      const t = host.tasks.get(upid);
      if (!t) throw new Error(`no task ${upid}`);
      return t;
    },
    vm: (vmid: number): SimVm => host.vm(vmid),
    behave(vmid: number, b: Partial<Behaviour>): void {
      const vm = host.vm(vmid);
      vm.behaviour = { ...vm.behaviour, ...b };
    },
  };
}

/** The task's log ends with Proxmox's last line for the exit status. */
export const lastLine = (t: SimTask): string | undefined => t.log[t.log.length - 1];
