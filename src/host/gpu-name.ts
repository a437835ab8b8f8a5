import type { PciDevice } from '../proxmox/schemas';
import { passthroughOverlaps } from '../modes/compatibility';

/**
 * A readable name for the display device a VM passes through, from the host's PCI list:
 * vendor "NVIDIA Corporation" + device "AD102 [GeForce RTX 4090]" → "NVIDIA GeForce RTX 4090".
 */
export function gpuName(devices: readonly PciDevice[], passthrough: readonly string[]): string | undefined {
  const passed = devices.filter((d) => passthrough.some((p) => passthroughOverlaps(p, d.id)));
  const display = passed.find((d) => d.class.startsWith('0x03')) ?? passed[0];
  if (!display) return undefined;
  const vendor = display.vendor_name?.split(/[\s,]/)[0] ?? display.vendor;
  const model = /\[([^\]]+)\]/.exec(display.device_name ?? '')?.[1] ?? display.device_name ?? display.device;
  return `${vendor} ${model}`;
}
