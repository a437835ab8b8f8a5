import { type Bracket, type LearningSchedule, PollSchedule } from '../proxmox/poll-schedule';

/** The kinds of wait a switch makes for a VM, each learnt on its own. */
export type WaitKind = 'shutdown' | 'start' | 'boot';

/**
 * How long each kind of wait took for each VM of this worker's host lately: an ACPI shutdown until
 * the VM is off, a start task, a boot until the network answers. Kept for the worker's lifetime only
 * (a restarted worker polls like a new one for one switch), never in history: it decides only when
 * to look, never what is done.
 */
export class WaitMemory {
  readonly #brackets = new Map<string, Bracket>();

  for(vmid: number, kind: WaitKind): LearningSchedule {
    const key = `${vmid}:${kind}`;
    const schedule = new PollSchedule(this.#brackets.get(key));
    return { schedule, learn: (atMs) => void this.#brackets.set(key, schedule.over(atMs)) };
  }
}
