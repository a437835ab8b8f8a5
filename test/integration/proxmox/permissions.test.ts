import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { DEFAULT_SCENARIO } from '../../../src/simulator/default-scenario';
import type { Privilege } from '../../../src/simulator/scenario';
import { startTestSimulator, type TestSimulator } from '../../support/simulator';

const TOKENS: { id: string; privileges: 'all' | Privilege[] }[] = [
  { id: 'morpheus@pam!morpheus-token', privileges: 'all' },
  { id: 'auditor@pve!ro', privileges: ['VM.Audit', 'VM.Monitor', 'VM.GuestAgent.Audit', 'Sys.Audit'] },
  { id: 'morpheus@pve!privsep', privileges: [] },
];

describe("GET /access/permissions: the token's effective privileges, over HTTPS against the simulator", () => {
  const sims: TestSimulator[] = [];
  after(() => Promise.all(sims.map((s) => s.close())));
  const start = async (release: '8.4' | '9.0') => {
    const sim = await startTestSimulator({ scenario: { ...DEFAULT_SCENARIO, release, tokens: TOKENS } });
    sims.push(sim);
    return (i: number) => sim.client({ tokenId: TOKENS[i]!.id, tokenSecret: sim.tokens[i]!.secret });
  };

  it('answers one path with the privileges that exist on PVE 9 (no VM.Monitor)', async () => {
    const client = await start('9.0');
    const all = await client(0).permissions('/vms/101');
    assert.deepEqual(Object.keys(all), ['/vms/101']);
    assert.ok(all['/vms/101']!['VM.GuestAgent.Audit'] === 1 && !('VM.Monitor' in all['/vms/101']!), JSON.stringify(all));
    assert.deepEqual(Object.keys((await client(1).permissions('/'))['/']!).sort(), ['Sys.Audit', 'VM.Audit', 'VM.GuestAgent.Audit']);
  });

  it('uses the PVE 8 names on 8.4 (VM.Monitor, no VM.GuestAgent.*)', async () => {
    const client = await start('8.4');
    assert.deepEqual(Object.keys((await client(1).permissions('/vms'))['/vms']!).sort(), ['Sys.Audit', 'VM.Audit', 'VM.Monitor']);
  });

  it('gives a privilege-separated token without an ACL of its own an empty map', async () => {
    const client = await start('9.0');
    assert.deepEqual(await client(2).permissions('/vms/101'), { '/vms/101': {} });
  });
});
