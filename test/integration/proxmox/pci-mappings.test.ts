import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { observeHost } from '../../../src/host/observe-host';
import { DEFAULT_SCENARIO } from '../../../src/simulator/default-scenario';
import { MAPPED_SCENARIO } from '../../support/mapped-scenario';
import { startTestSimulator, type TestSimulator } from '../../support/simulator';

const AUDITOR = 'auditor@pve!readonly';

describe('PCI resource mappings, over HTTPS against the simulator', () => {
  let sim: TestSimulator;
  before(async () => {
    sim = await startTestSimulator({
      scenario: { ...MAPPED_SCENARIO, tokens: [{ id: 'morpheus@pam!morpheus-token' }, { id: AUDITOR, privileges: ['VM.Audit', 'Sys.Audit'] }] },
    });
  });
  after(() => sim.close());

  const auditor = () => sim.client({ tokenId: AUDITOR, tokenSecret: sim.tokens[1]!.secret });
  const passthroughOfVm = (snapshot: Awaited<ReturnType<typeof observeHost>>, vmid: number) => snapshot.vms.find((v) => v.vmid === vmid)?.passthrough;

  it('lists the cluster mapping with its node entry, as pvesh shows it', async () => {
    const mappings = await sim.client().pciMappings();
    assert.deepEqual(mappings, [{ id: 'rtx4090', map: [`node=${sim.node},path=0000:01:00.0,id=10de:2684,iommugroup=14`] }]);
  });

  it('leaves out mappings the token may not see instead of refusing', async () => {
    assert.deepEqual(await auditor().pciMappings(), []);
  });

  it('resolves a mapping to the device it names on this node, so a raw address on another VM overlaps it', async () => {
    const snapshot = await observeHost(sim.client());
    assert.deepEqual(passthroughOfVm(snapshot, 101), ['mapping:rtx4090', '0000:01:00.0']);
    assert.deepEqual(passthroughOfVm(snapshot, 105), ['0000:01:00']);
  });

  it('falls back to the mapping name when the token cannot read the mapping, and says which it could not resolve', async () => {
    const snapshot = await observeHost(auditor());
    assert.deepEqual(passthroughOfVm(snapshot, 101), ['mapping:rtx4090']);
    assert.deepEqual(snapshot.unresolvedMappings, ['rtx4090']);
    assert.equal((await observeHost(sim.client())).unresolvedMappings, undefined);
  });

  it('reads the mappings only when a VM config uses one', async () => {
    await sim.control.clearRequests();
    await observeHost(sim.client());
    assert.equal((await sim.control.requests()).endpoints['GET /cluster/mapping/pci']?.count, 1);
    await sim.control.reset({ ...DEFAULT_SCENARIO, time_scale: 0.01 });
    await sim.control.clearRequests();
    await observeHost(sim.client());
    assert.equal((await sim.control.requests()).endpoints['GET /cluster/mapping/pci'], undefined);
  });
});
