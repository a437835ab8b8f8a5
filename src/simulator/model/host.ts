import { formatPciAddress, type PciAddress, pciOverlaps } from '../../modes/hostpci';
import type { Scenario } from '../scenario';
import type { SimClock } from './clock';
import { EventQueue } from './event-queue';
import { GpuTimeline } from './gpu-timeline';
import { SimApiError } from './sim-api-error';
import { type Caller, finishTask, ROOT, type SimTask, TaskFactory } from './tasks';
import { pciDevicesOf, type SimVm, vmFromScenario } from './vm';

// Simulated durations of the host's own bookkeeping.
const QUICK_TASK_MS = 150;
const FLOCK_WAIT_MS = 10_000;

/**
 * The simulated Proxmox node: VMs, tasks and the GPU timeline, driven by a clock. Every change
 * happens either synchronously in an API call or as a scheduled event run by {@link advance}.
 */
export class SimHost {
  readonly node: string;
  readonly scenario: Scenario;
  readonly timeline = new GpuTimeline();
  readonly bootedAt: number;
  readonly vms = new Map<number, SimVm>();
  readonly tasks = new Map<string, SimTask>();
  #now: number;
  readonly #events = new EventQueue();
  readonly #taskFactory: TaskFactory;
  #nextQemuPid = 10_000;

  constructor(
    scenario: Scenario,
    private readonly clock: SimClock,
  ) {
    this.scenario = scenario;
    this.node = scenario.node;
    this.#now = clock.now();
    this.bootedAt = this.#now - 7 * 86_400_000;
    this.#taskFactory = new TaskFactory(this.node, this.bootedAt);
    for (const s of scenario.vms) {
      const vm = vmFromScenario(s, this.#now, () => this.#nextQemuPid++);
      this.vms.set(vm.vmid, vm);
      if (vm.status === 'running') this.timeline.started({ vmid: vm.vmid, devices: this.#devices(vm) }, this.#now);
    }
  }

  /** Applies every scheduled change that is due by the clock's current time. */
  advance(): number {
    this.#events.runUntil(this.clock.now(), (t) => (this.#now = t));
    return this.#now;
  }

  get now(): number {
    return this.#now;
  }

  vm(vmid: number): SimVm {
    const vm = this.vms.get(vmid);
    if (!vm) throw new SimApiError(500, `Configuration file 'nodes/${this.node}/qemu-server/${vmid}.conf' does not exist`);
    return vm;
  }

  // ---- power actions: each returns the task's UPID at once, as Proxmox does ----

  start(vmid: number, caller: Caller): string {
    const vm = this.vms.get(vmid);
    if (!vm) return this.#failedTask('qmstart', vmid, caller, `Configuration file 'nodes/${this.node}/qemu-server/${vmid}.conf' does not exist`).upid;
    if (vm.ha) return this.#haRequest('hastart', vm, caller, () => this.#qmstart(vm, ROOT), 'started').upid;
    return this.#qmstart(vm, caller).upid;
  }

  shutdown(vmid: number, params: { timeoutMs: number; forceStop: boolean }, caller: Caller): string {
    const vm = this.vms.get(vmid);
    if (!vm) return this.#failedTask('qmshutdown', vmid, caller, `unable to find configuration file for VM ${vmid} on node '${this.node}'`).upid;
    if (vm.status === 'running' && vm.qmpstatus !== 'running' && !params.forceStop) {
      throw new SimApiError(500, 'VM is paused - cannot shutdown');
    }
    // HA always forces, with its own 60 s timeout.
    if (vm.ha) return this.#haRequest('hastop', vm, caller, () => this.#qmshutdown(vm, { timeoutMs: 60_000, forceStop: true }, ROOT), 'stopped').upid;
    return this.#qmshutdown(vm, params, caller).upid;
  }

  stop(vmid: number, caller: Caller): string {
    const vm = this.vms.get(vmid);
    if (!vm) return this.#failedTask('qmstop', vmid, caller, `unable to find configuration file for VM ${vmid} on node '${this.node}'`).upid;
    if (vm.ha) return this.#haRequest('hastop', vm, caller, () => this.#qmstop(vm, ROOT), 'stopped').upid;
    return this.#qmstop(vm, caller).upid;
  }

  /**
   * Makes everything `vmid` is in the middle of happen now, as it would have when due: its running
   * tasks end (a guest slow to shut down powers off, a start brings it up, an HA request's real task
   * follows and ends too) and a booting guest's agent answers. Lets a test hold a step open with a
   * long duration and end it once it has seen the step. Answers how many changes it brought forward.
   */
  finishNow(vmid: number): number {
    const vm = this.vm(vmid);
    this.advance();
    let changes = 0;
    // A change may schedule follow-ups (an HA request's real task): bring those forward too.
    for (let round = 0; round < 10; round++) {
      const pending = this.#events.takeFor(vmid);
      if (pending.length === 0) break;
      for (const run of pending) run();
      changes += pending.length;
    }
    if (vm.status === 'running' && vm.agentReadyAt !== undefined && vm.agentReadyAt > this.#now) {
      vm.agentReadyAt = this.#now;
      changes++;
    }
    return changes;
  }

  // ---- tasks ----

  #newTask(type: string, vmid: number | undefined, caller: Caller): SimTask {
    const task = this.#taskFactory.create(type, vmid, caller, this.#now);
    this.tasks.set(task.upid, task);
    return task;
  }

  #endTask(task: SimTask, at: number, exitstatus: string, effect?: () => void): void {
    task.endsAt = at;
    this.#events.schedule(
      at,
      () => {
        // Brought forward by finishNow, the task ends now rather than when it was due.
        task.endsAt = this.#now;
        effect?.();
        finishTask(task, exitstatus);
      },
      task.vmid,
    );
  }

  #failedTask(type: string, vmid: number, caller: Caller, message: string): SimTask {
    const task = this.#newTask(type, vmid, caller);
    this.#endTask(task, this.#now + QUICK_TASK_MS, message);
    return task;
  }

  /** HA-managed VMs: the API task only records the request; the LRM runs the real task later as root@pam. */
  #haRequest(type: 'hastart' | 'hastop', vm: SimVm, caller: Caller, follow: () => void, state: 'started' | 'stopped'): SimTask {
    const task = this.#newTask(type, vm.vmid, caller);
    task.log.push(`Requesting HA ${type === 'hastart' ? 'start' : 'stop'} for VM ${vm.vmid}`);
    this.#endTask(task, this.#now + QUICK_TASK_MS, 'OK', () => (vm.haState = state));
    this.#events.schedule(
      this.#now + vm.behaviour.ha_delay,
      () => {
        const wanted = state === 'started' ? 'running' : 'stopped';
        if (vm.status !== wanted) follow();
      },
      vm.vmid,
    );
    return task;
  }

  /**
   * Runs `body` once the task holds the VM's lock file. Proxmox waits up to 10 s for it, then fails the
   * task with its "can't lock file" message.
   */
  #withFlock(vm: SimVm, task: SimTask, body: () => void): void {
    const holder = vm.flock;
    if (!holder || holder.status === 'stopped') {
      vm.flock = task;
      body();
      return;
    }
    task.log.push('trying to acquire lock...');
    if (holder.endsAt <= this.#now + FLOCK_WAIT_MS) {
      this.#events.schedule(holder.endsAt, () => this.#withFlock(vm, task, body), vm.vmid);
      task.endsAt = holder.endsAt + 1;
      return;
    }
    this.#endTask(task, this.#now + FLOCK_WAIT_MS, `can't lock file '/var/lock/qemu-server/lock-${vm.vmid}.conf' - got timeout`);
  }

  #release(vm: SimVm, task: SimTask): void {
    if (vm.flock === task) vm.flock = undefined;
  }

  #qmstart(vm: SimVm, caller: Caller): SimTask {
    const task = this.#newTask('qmstart', vm.vmid, caller);
    this.#withFlock(vm, task, () => {
      const fail = (message: string) => this.#endTask(task, this.#now + QUICK_TASK_MS, message, () => this.#release(vm, task));
      if (vm.lock) return fail(`VM is locked (${vm.lock})`);
      if (vm.template) return fail("you can't start a vm if it's a template");
      if (vm.status === 'running') return fail(`VM ${vm.vmid} already running`);
      const { devices, unknownMapping } = pciDevicesOf(vm, this.scenario.pci_mappings);
      if (unknownMapping !== undefined) return fail(`PCI device mapping not found for '${unknownMapping}'`);
      const conflict = this.#pciConflict(vm, devices);
      if (conflict && this.scenario.enforce_pci_reservations) {
        this.timeline.refused({ at: this.#now, vmid: vm.vmid, device: conflict.device, heldBy: conflict.other.vmid });
        return fail(
          conflict.other.status === 'running'
            ? `PCI device '${conflict.device}' already in use by VMID '${conflict.other.vmid}'`
            : `PCI device '${conflict.device}' is currently reserved for use by VMID '${conflict.other.vmid}'`,
        );
      }
      const at = this.#now + vm.behaviour.start_duration;
      if (vm.behaviour.start_fails !== null) {
        task.log.push(`kvm: ${vm.behaviour.start_fails}`);
        return this.#endTask(task, at, vm.behaviour.start_fails, () => this.#release(vm, task));
      }
      vm.starting = task;
      this.#endTask(task, at, 'OK', () => {
        vm.starting = undefined;
        this.#release(vm, task);
        this.#powerOn(vm);
      });
    });
    return task;
  }

  #qmshutdown(vm: SimVm, params: { timeoutMs: number; forceStop: boolean }, caller: Caller): SimTask {
    const task = this.#newTask('qmshutdown', vm.vmid, caller);
    this.#withFlock(vm, task, () => {
      const done = () => this.#release(vm, task);
      if (vm.status === 'stopped') return this.#endTask(task, this.#now + QUICK_TASK_MS, 'OK', done);
      if (vm.lock) return this.#endTask(task, this.#now + QUICK_TASK_MS, `VM is locked (${vm.lock})`, done);
      const pid = vm.pid;
      const poweroffAt = vm.behaviour.ignores_acpi ? Infinity : this.#now + vm.behaviour.shutdown_duration;
      const deadline = this.#now + params.timeoutMs;
      if (poweroffAt <= deadline) {
        return this.#endTask(task, poweroffAt, 'OK', () => {
          this.#powerOff(vm, pid);
          done();
        });
      }
      if (params.forceStop) {
        return this.#endTask(task, deadline, 'OK', () => {
          task.log.push('VM still running - terminating now with SIGTERM');
          this.#powerOff(vm, pid);
          done();
        });
      }
      // The ACPI request stays pending in the guest: a slow guest still powers off later.
      if (poweroffAt !== Infinity) this.#events.schedule(poweroffAt, () => this.#powerOff(vm, pid), vm.vmid);
      this.#endTask(task, deadline, 'VM quit/powerdown failed - got timeout', done);
    });
    return task;
  }

  #qmstop(vm: SimVm, caller: Caller): SimTask {
    const task = this.#newTask('qmstop', vm.vmid, caller);
    this.#withFlock(vm, task, () => {
      const done = () => this.#release(vm, task);
      if (vm.status === 'stopped') return this.#endTask(task, this.#now + QUICK_TASK_MS, 'OK', done);
      if (vm.lock) return this.#endTask(task, this.#now + QUICK_TASK_MS, `VM is locked (${vm.lock})`, done);
      const pid = vm.pid;
      if (vm.behaviour.ignores_acpi) task.log.push('VM still running - terminating now with SIGTERM');
      this.#endTask(task, this.#now + vm.behaviour.stop_duration, 'OK', () => {
        this.#powerOff(vm, pid);
        done();
      });
    });
    return task;
  }

  /** The first PCI function `vm` needs that another running or starting VM holds. */
  #pciConflict(vm: SimVm, devices: PciAddress[]): { device: string; other: SimVm } | undefined {
    for (const other of this.vms.values()) {
      if (other === vm || (other.status !== 'running' && !other.starting)) continue;
      for (const d of devices) {
        const held = this.#devices(other).find((o) => pciOverlaps(d, o));
        if (held) return { device: this.#firstFunction(d.fn === undefined ? held : d), other };
      }
    }
    return undefined;
  }

  /** Proxmox names the first conflicting function in full `dddd:bb:dd.f` form. */
  #firstFunction(a: PciAddress): string {
    if (a.fn !== undefined) return formatPciAddress(a);
    const known = this.scenario.pci_devices
      .map((d) => d.id)
      .filter((id) => id.startsWith(`${a.device}.`))
      .sort();
    return known[0] ?? `${a.device}.0`;
  }

  #devices(vm: SimVm): PciAddress[] {
    return pciDevicesOf(vm, this.scenario.pci_mappings).devices;
  }

  #powerOn(vm: SimVm): void {
    vm.status = 'running';
    vm.qmpstatus = 'running';
    vm.pid = this.#nextQemuPid++;
    vm.startedAt = this.#now;
    vm.agentReadyAt = this.#now + vm.behaviour.boot_duration;
    this.timeline.started({ vmid: vm.vmid, devices: this.#devices(vm) }, this.#now);
  }

  /** Powers a VM off, unless it was already stopped or restarted since `pid` was seen. */
  #powerOff(vm: SimVm, pid: number | undefined): void {
    if (vm.status !== 'running' || vm.pid !== pid) return;
    vm.status = 'stopped';
    vm.qmpstatus = 'stopped';
    vm.pid = undefined;
    vm.startedAt = undefined;
    vm.agentReadyAt = undefined;
    this.timeline.stopped(vm.vmid, this.#now);
  }
}
