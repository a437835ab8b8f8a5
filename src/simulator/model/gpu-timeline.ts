import { formatPciAddress, type PciAddress, pciOverlaps } from '../../modes/hostpci';

export interface GpuInterval {
  readonly vmid: number;
  readonly devices: readonly string[];
  readonly from: number;
  to: number | null;
}

/** A moment two running VMs passed through the same PCI function: what Morpheus must never cause. */
export interface GpuOverlap {
  readonly at: number;
  readonly device: string;
  readonly vmids: readonly [number, number];
}

/** A start Proxmox refused because another VM held the device (the last line of defence fired). */
export interface GpuRefusal {
  readonly at: number;
  readonly vmid: number;
  readonly device: string;
  readonly heldBy: number;
}

export interface GpuTimelineSnapshot {
  readonly intervals: readonly GpuInterval[];
  readonly overlaps: readonly GpuOverlap[];
  readonly refusals: readonly GpuRefusal[];
}

interface Holder {
  readonly vmid: number;
  readonly devices: readonly PciAddress[];
}

/** Records which VM held which passed-through device when, and every overlap or refused attempt. */
export class GpuTimeline {
  #intervals: GpuInterval[] = [];
  #overlaps: GpuOverlap[] = [];
  #refusals: GpuRefusal[] = [];
  #running = new Map<number, { holder: Holder; interval: GpuInterval }>();

  started(holder: Holder, at: number): void {
    if (holder.devices.length === 0) return;
    for (const { holder: other } of this.#running.values()) {
      const shared = holder.devices.find((d) => other.devices.some((o) => pciOverlaps(d, o)));
      if (shared) this.#overlaps.push({ at, device: formatPciAddress(shared), vmids: [other.vmid, holder.vmid] });
    }
    const interval: GpuInterval = { vmid: holder.vmid, devices: holder.devices.map(formatPciAddress), from: at, to: null };
    this.#intervals.push(interval);
    this.#running.set(holder.vmid, { holder, interval });
  }

  stopped(vmid: number, at: number): void {
    const entry = this.#running.get(vmid);
    if (!entry) return;
    entry.interval.to = at;
    this.#running.delete(vmid);
  }

  refused(refusal: GpuRefusal): void {
    this.#refusals.push(refusal);
  }

  snapshot(): GpuTimelineSnapshot {
    return {
      intervals: this.#intervals.map((i) => ({ ...i })),
      overlaps: [...this.#overlaps],
      refusals: [...this.#refusals],
    };
  }
}
