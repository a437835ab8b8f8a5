import type { HostSnapshot, VmState } from './types';

/** One VM of an observation, by id. */
export const vmOf = (snapshot: HostSnapshot, vmid: number): VmState | undefined => snapshot.vms.find((v) => v.vmid === vmid);
