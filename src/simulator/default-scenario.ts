import { type ScenarioInput, ScenarioSchema, type Scenario } from './scenario';

const GPU = '0000:01:00,pcie=1,x-vga=1';

const vm = (vmid: number, name: string, extra: Record<string, string | number>, address: string) => ({
  vmid,
  name,
  config: {
    name,
    machine: 'q35',
    bios: 'ovmf',
    cpu: 'host,hidden=1',
    agent: '1',
    net0: `virtio=BC:24:11:00:${String(vmid).slice(-2)}:01,bridge=vmbr0`,
    ...extra,
  },
  behaviour: { address },
});

/**
 * The seed's home lab: four modes (101–104), one GPU at 0000:01:00 passed to 101, 102 and 104, and an
 * unmanaged VM (105) that also passes the GPU through but is stopped. 101 runs, as in the seed's examples.
 */
export const DEFAULT_SCENARIO: ScenarioInput = {
  node: 'pve',
  pci_devices: [
    {
      id: '0000:00:1f.3',
      class: '0x040300',
      vendor: '0x8086',
      device: '0x7ad0',
      vendor_name: 'Intel Corporation',
      device_name: 'Alder Lake-S HD Audio Controller',
      iommugroup: 12,
    },
    {
      id: '0000:01:00.0',
      class: '0x030000',
      vendor: '0x10de',
      device: '0x2684',
      vendor_name: 'NVIDIA Corporation',
      device_name: 'AD102 [GeForce RTX 4090]',
      iommugroup: 14,
    },
    {
      id: '0000:01:00.1',
      class: '0x040300',
      vendor: '0x10de',
      device: '0x22ba',
      vendor_name: 'NVIDIA Corporation',
      device_name: 'AD102 High Definition Audio Controller',
      iommugroup: 14,
    },
    {
      id: '0000:02:00.0',
      class: '0x010802',
      vendor: '0x144d',
      device: '0xa80a',
      vendor_name: 'Samsung Electronics Co Ltd',
      device_name: 'NVMe SSD Controller PM9A1/PM9A3/980PRO',
      iommugroup: 15,
    },
    {
      id: '0000:03:00.0',
      class: '0x020000',
      vendor: '0x8086',
      device: '0x125c',
      vendor_name: 'Intel Corporation',
      device_name: 'Ethernet Controller I226-V',
      iommugroup: 16,
    },
  ],
  vms: [
    { ...vm(101, 'cachyos', { memory: '32768', cores: 12, hostpci0: GPU }, '192.168.1.150'), status: 'running' },
    vm(102, 'windows', { memory: '32768', cores: 12, hostpci0: GPU }, '192.168.1.151'),
    vm(103, 'nimsforest', { memory: '16384', cores: 8 }, '192.168.1.152'),
    vm(104, 'nimsforest-gpu', { memory: '16384', cores: 8, hostpci0: GPU }, '192.168.1.153'),
    vm(105, 'gpu-bench', { memory: '8192', cores: 4, hostpci0: '0000:01:00,pcie=1' }, '192.168.1.154'),
  ],
};

export const defaultScenario = (): Scenario => ScenarioSchema.parse(DEFAULT_SCENARIO);
