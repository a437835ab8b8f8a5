import { formatUpid } from '../../proxmox/upid';

/** Who asked: an API token (`user@realm!name`) or, for HA follow-up tasks, root@pam itself. */
export interface Caller {
  readonly user: string;
  readonly tokenName?: string | undefined;
}

export const callerOf = (tokenId: string): Caller => {
  const bang = tokenId.indexOf('!');
  return { user: tokenId.slice(0, bang), tokenName: tokenId.slice(bang + 1) };
};
export const ROOT: Caller = { user: 'root@pam' };

export interface SimTask {
  readonly upid: string;
  readonly node: string;
  readonly pid: number;
  readonly pstart: number;
  readonly starttime: number;
  readonly type: string;
  readonly id: string;
  readonly caller: Caller;
  readonly vmid: number | undefined;
  status: 'running' | 'stopped';
  exitstatus: string | undefined;
  readonly log: string[];
  /** Simulated time the task is scheduled to end (every simulated task has a known end). */
  endsAt: number;
}

/** Creates tasks with PVE-shaped UPIDs: increasing pids, `pstart` in clock ticks since host boot. */
export class TaskFactory {
  #nextPid = 200_000 + Math.floor(Math.random() * 100_000);
  constructor(
    private readonly node: string,
    private readonly bootedAt: number,
  ) {}

  create(type: string, vmid: number | undefined, caller: Caller, now: number): SimTask {
    const pid = this.#nextPid++;
    const pstart = Math.floor((now - this.bootedAt) / 10);
    const starttime = Math.floor(now / 1000);
    const user = caller.tokenName ? `${caller.user}!${caller.tokenName}` : caller.user;
    const id = vmid === undefined ? '' : String(vmid);
    return {
      upid: formatUpid({ node: this.node, pid, pstart, startTime: starttime, type, id, user }),
      node: this.node,
      pid,
      pstart,
      starttime,
      type,
      id,
      caller,
      vmid,
      status: 'running',
      exitstatus: undefined,
      log: [],
      endsAt: now,
    };
  }
}

/** Ends a task; the last log line is what Proxmox writes: `TASK OK` or `TASK ERROR: …`. */
export function finishTask(task: SimTask, exitstatus: string): void {
  if (task.status === 'stopped') return;
  task.status = 'stopped';
  task.exitstatus = exitstatus;
  task.log.push(exitstatus === 'OK' ? 'TASK OK' : /^WARNINGS: /.test(exitstatus) ? `TASK ${exitstatus}` : `TASK ERROR: ${exitstatus}`);
}
