import { gpuName } from '../host/gpu-name';
import type { MappedDevices } from '../host/observe-host';
import { gpuDevices, holdsGpu, passthroughOverlaps } from '../modes/compatibility';
import { formatPciAddress, passthroughsOf, type PciPassthrough } from '../modes/hostpci';
import type { PciDevice } from '../proxmox/schemas';
import { ok, type CheckResult } from './check';
import type { HostContext } from './host-context';
import { mappedDevices, snapshotOf } from './host-snapshot';
import { count, fromItems, type Item } from './per-mode';

// The GPU: does each mode's declared gpu_mode match what its VM passes through, and who else holds it.

/** `hostpci0: 0000:01:00 (NVIDIA GeForce RTX 4090), x-vga=1`, or for a mapping the devices it names here. */
function entryText(p: PciPassthrough, pci: readonly PciDevice[] | undefined, mapped: MappedDevices): string {
  const named = (addresses: readonly string[]) => {
    const name = pci && gpuName(pci, addresses);
    return `${addresses.join(';')}${name ? ` (${name})` : ''}`;
  };
  const flags = [p.options['x-vga'] === '1' ? 'x-vga=1' : '', p.options['mdev'] ? `mdev=${p.options['mdev']}` : '']
    .filter(Boolean)
    .map((f) => `, ${f}`)
    .join('');
  if (p.kind === 'host') return `${p.slot}: ${named(p.devices.map(formatPciAddress))}${flags}`;
  const devices = mapped.get(p.mapping);
  return `${p.slot}: mapping ${p.mapping}${devices ? ` → ${named(devices.map(formatPciAddress))}` : ' (its devices on this node are unknown)'}${flags}`;
}

/** Whether any device behind these addresses is a display controller (PCI class 03), when the list says. */
function passesDisplay(addresses: readonly string[], pci: readonly PciDevice[]): boolean {
  return pci.some((d) => d.class.startsWith('0x03') && addresses.some((a) => passthroughOverlaps(a, d.id)));
}

export function gpuModeCheck(h: HostContext): CheckResult {
  const pci = h.host.pciDevices.ok ? h.host.pciDevices.value : undefined;
  const mapped = mappedDevices(h.host);
  const snapshot = snapshotOf(h.host, h.vms);
  const gpu = gpuDevices(h.modes, snapshot);
  const items = h.modes.map((m): Item => {
    const vm = h.vms.find((v) => v.vmid === m.vmid);
    if (!vm) return { status: 'skip', text: `${m.name}: no VM to look at` };
    const { parsed, unreadable } = passthroughsOf(vm.config);
    const entries = parsed.map((p) => entryText(p, pci, mapped));
    const passthrough = snapshot.vms.find((v) => v.vmid === vm.vmid)!.passthrough;
    const declared = `declares gpu_mode: ${m.gpuMode}`;
    if (unreadable.length > 0) {
      return {
        status: 'warn',
        text: `${m.name}: ${unreadable.join(', ')} of VM ${vm.vmid} cannot be read; Morpheus treats it as overlapping every device`,
        fix: `check the hostpciN entries of VM ${vm.vmid} (qm config ${vm.vmid})`,
      };
    }
    if (m.gpuMode !== 'none' && parsed.length === 0) {
      const device = gpu[0] ?? '<PCI address of the GPU>';
      return {
        status: 'fail',
        text: `${m.name}: ${declared}, but VM ${vm.vmid} passes no PCI device through (no hostpciN)`,
        fix: `pass the GPU through (qm set ${vm.vmid} --hostpci0 ${device},pcie=1,x-vga=1) or declare gpu_mode: none for ${m.name}`,
      };
    }
    if (
      m.gpuMode === 'none' &&
      holdsGpu(
        snapshot.vms.find((v) => v.vmid === vm.vmid)!,
        gpu,
      )
    ) {
      return {
        status: 'fail',
        text: `${m.name}: ${declared}, but VM ${vm.vmid} passes the GPU through: ${entries.join('; ')}; Morpheus treats it as a GPU mode`,
        fix: `declare gpu_mode: exclusive (or shared) for ${m.name}, or remove the passthrough (qm set ${vm.vmid} --delete ${parsed[0]!.slot})`,
      };
    }
    const unresolved = parsed.flatMap((p) => (p.kind === 'mapping' && !mapped.has(p.mapping) ? [p.mapping] : []));
    if (unresolved.length > 0) {
      return {
        status: 'warn',
        text: `${m.name}: ${declared}; ${entries.join('; ')}: mapping ${unresolved.join(', ')} names no device Morpheus can see on node ${h.host.node}`,
        fix: 'grant the token Mapping.Audit on /mapping/pci, or add this node to the mapping: until then it only matches VMs naming the same mapping',
      };
    }
    if (m.gpuMode !== 'none' && pci && !passesDisplay(passthrough, pci)) {
      return {
        status: 'warn',
        text: `${m.name}: ${declared}, but none of ${entries.join('; ')} is a display device`,
        fix: `check which device VM ${vm.vmid} should pass through (Datacenter → node → PCI devices)`,
      };
    }
    if (parsed.length === 0) return { status: 'ok', text: `${m.name}: ${declared}; no passthrough` };
    return { status: 'ok', text: `${m.name}: ${declared}; ${entries.join('; ')}${m.gpuMode === 'none' ? ' (not the GPU)' : ''}` };
  });
  return fromItems('gpu-mode', items, (worst) =>
    worst === 'ok'
      ? "every mode's gpu_mode matches its VM's passthrough"
      : worst === 'skip'
        ? 'no mode VM to look at'
        : "a declared gpu_mode and a VM's passthrough disagree",
  );
}

export function sharedDevicesCheck(h: HostContext): CheckResult {
  const snapshot = snapshotOf(h.host, h.vms);
  const gpu = gpuDevices(h.modes, snapshot);
  if (gpu.length === 0) return ok('shared-devices', 'no GPU mode passes a device through');
  const pci = h.host.pciDevices.ok ? h.host.pciDevices.value : undefined;
  const name = pci && gpuName(pci, gpu);
  const device = `${gpu.filter((d) => !d.startsWith('mapping:')).join(', ') || gpu.join(', ')}${name ? ` (${name})` : ''}`;
  const managed = new Set(h.modes.map((m) => m.vmid));
  const holders = h.modes.filter((m) => snapshot.vms.some((v) => v.vmid === m.vmid && holdsGpu(v, gpu))).map((m) => m.name);
  const items = snapshot.vms
    .filter((v) => !managed.has(v.vmid) && holdsGpu(v, gpu))
    .map((v): Item =>
      v.status === 'stopped'
        ? {
            status: 'warn',
            text: `VM ${v.vmid} (${v.name}), not a mode, also passes ${device} through; it is stopped`,
            fix: `while VM ${v.vmid} runs no GPU mode can start: keep it stopped (no onboot), make it a mode so Morpheus can switch it, or remove its passthrough`,
          }
        : {
            status: 'fail',
            text: `VM ${v.vmid} (${v.name}), not a mode, passes ${device} through and is ${v.status}: no GPU mode can start`,
            fix: `shut VM ${v.vmid} down in Proxmox (Morpheus never stops a VM it does not manage), or make it a mode`,
          },
    );
  const shared = `${device} is passed through by ${holders.length > 0 ? `the modes ${holders.join(', ')}` : 'no mode'}`;
  if (items.length === 0) return ok('shared-devices', `${shared} and by no other VM`);
  return fromItems('shared-devices', items, () => `${shared}, and by ${count(items.length, 'other VM')}`);
}
