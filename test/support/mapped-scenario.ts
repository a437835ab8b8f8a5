import { DEFAULT_SCENARIO } from '../../src/simulator/default-scenario';
import type { ScenarioInput } from '../../src/simulator/scenario';

/**
 * The default lab, but the three GPU modes pass the GPU through the cluster mapping `rtx4090`
 * (PVE 8+ style) while the unmanaged VM 105 still names the raw address `0000:01:00`.
 */
export const MAPPED_SCENARIO: ScenarioInput = {
  ...DEFAULT_SCENARIO,
  pci_mappings: { rtx4090: ['0000:01:00.0'] },
  vms: (DEFAULT_SCENARIO.vms ?? []).map((vm) =>
    vm.vmid !== 105 && typeof vm.config?.['hostpci0'] === 'string' ? { ...vm, config: { ...vm.config, hostpci0: 'mapping=rtx4090,pcie=1,x-vga=1' } } : vm,
  ),
};
