import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, parseConfigHosts, parseConfigText } from '../../../src/config';
import { ENV, repoRoot, SECRET, validConfig } from './fixtures';

type Mapping = Record<string, unknown>;

/** One host's section under `hosts:`: the fixture's proxmox section without its node. */
function hostSection(address: string, extra: Mapping = {}): Mapping {
  const { node: _node, ...section } = validConfig().proxmox as Mapping;
  return { ...section, host: address, ...extra };
}

const text = (config: Mapping) => JSON.stringify(config, null, 2) + '\n';
const TWO_HOSTS = { hosts: { pve1: hostSection('pve1.lan'), pve2: hostSection('pve2.lan') } };

function errorOf(config: Mapping, host?: string): ConfigError {
  try {
    parseConfigText(text(config), { source: 'test.yaml', env: ENV, baseDir: '/nonexistent', ...(host !== undefined && { host }) });
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError, but the config parsed');
}

describe('config with several hosts (hosts:)', () => {
  it('gives every host as a single-host config: its node is its name, the shared sections are the same, the secret is read', () => {
    const { hosts } = parseConfigHosts(text({ ...TWO_HOSTS, switch: { shutdown_timeout: '30s' } }), { source: 'test.yaml', env: ENV });
    assert.deepEqual(
      hosts.map((h) => [h.proxmox.node, h.proxmox.host, h.proxmox.api_token_secret, h.switch.shutdown_timeout]),
      [
        ['pve1', 'pve1.lan', SECRET, 30_000],
        ['pve2', 'pve2.lan', SECRET, 30_000],
      ],
    );
  });

  it('puts every host on one task queue, "morpheus", so that one worker serves them all; temporal.task_queue still decides', () => {
    const parsed = parseConfigHosts(text(TWO_HOSTS), { source: 'test.yaml', env: ENV });
    assert.deepEqual(
      parsed.hosts.map((h) => h.temporal.task_queue),
      ['morpheus', 'morpheus'],
    );
    const own = parseConfigHosts(text({ ...TWO_HOSTS, temporal: { task_queue: 'lab' } }), { source: 'test.yaml', env: ENV });
    assert.deepEqual(
      own.hosts.map((h) => h.temporal.task_queue),
      ['lab', 'lab'],
    );
    const single = parseConfigHosts(text(validConfig()), { source: 'test.yaml', env: ENV });
    assert.deepEqual(
      single.hosts.map((h) => h.temporal.task_queue),
      ['morpheus-pve'],
      'one proxmox: host keeps its own queue',
    );
  });

  it('picks the host a command names, and the only one without a name', () => {
    const picked = parseConfigText(text(TWO_HOSTS), { source: 'test.yaml', env: ENV, host: 'pve2' });
    assert.equal(picked.config.proxmox.host, 'pve2.lan');
    assert.equal(picked.hosts.length, 2);
    const one = parseConfigText(text({ hosts: { pve1: hostSection('pve1.lan') } }), { source: 'test.yaml', env: ENV });
    assert.equal(one.config.proxmox.node, 'pve1');
    const seedForm = parseConfigText(text(validConfig()), { source: 'test.yaml', env: ENV, host: 'pve' });
    assert.equal(seedForm.config.proxmox.node, 'pve');
  });

  it('asks which host when a command names none of several, and lists them for a name it does not know', () => {
    const none = errorOf(TWO_HOSTS);
    assert.equal(none.message, 'test.yaml names 2 hosts (pve1, pve2); this command acts on one');
    assert.equal(none.hint, 'choose one with --host <name> or MORPHEUS_HOST, e.g. --host pve1');
    const unknown = errorOf(TWO_HOSTS, 'pve3');
    assert.equal(unknown.message, 'no host "pve3" in test.yaml; it names pve1, pve2');
    assert.equal(errorOf(validConfig(), 'pve2').message, 'no host "pve2" in test.yaml; it names pve');
  });

  it("names a host's own keys in its problems, and reports every host's problems at once", () => {
    const bad = {
      hosts: {
        pve1: hostSection('pve1.lan', { port: 'x' }),
        pve2: hostSection('pve2.lan', { modes: { linux: { vmid: 101, gpu_mode: 'exclusive', conflicts_with: ['nope'] } } }),
      },
    };
    const err = errorOf(bad, 'pve1');
    assert.deepEqual(err.issues, [
      'hosts.pve1.port: expected an integer from 1 to 65535, got a string',
      'hosts.pve2.modes.linux.conflicts_with[0]: unknown mode "nope"; known modes: linux',
    ]);
  });

  it("keeps a host's schedules and mqtt with the host, and names them there", () => {
    const parsed = parseConfigHosts(
      text({ hosts: { pve1: hostSection('pve1.lan', { schedules: { evening: { mode: 'linux', cron: '0 19 * * *' } } }), pve2: hostSection('pve2.lan') } }),
      { source: 'test.yaml', env: ENV },
    );
    assert.deepEqual(
      parsed.hosts.map((h) => Object.keys(h.schedules)),
      [['evening'], []],
    );
    const err = errorOf({ hosts: { pve1: hostSection('pve1.lan', { schedules: { evening: { mode: 'nope', cron: '0 19 * * *' } } }) } });
    assert.equal(err.issues.length, 1);
    assert.match(err.issues[0]!, /^hosts\.pve1\.schedules\.evening\.mode: /);
  });

  it("parses docs/configuration.md's example of several hosts", () => {
    const doc = readFileSync(join(repoRoot(), 'docs', 'configuration.md'), 'utf8');
    const section = doc.slice(doc.indexOf('## `hosts` (several hosts)'));
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
    assert.ok(yaml, 'the section has a YAML example');
    const { hosts } = parseConfigHosts(yaml, { source: 'configuration.md', env: { PVE1_TOKEN: 'a', PVE2_TOKEN: 'b' } });
    assert.deepEqual(
      hosts.map((h) => [h.proxmox.node, Object.keys(h.proxmox.modes), Object.keys(h.schedules), h.temporal.task_queue]),
      [
        ['pve1', ['linuxvrstreaming', 'windowsvrstreaming'], ['vr-friday'], 'morpheus'],
        ['pve2', ['compute'], [], 'morpheus'],
      ],
    );
  });

  const refusals: [string, Mapping, string][] = [
    ['proxmox and hosts together', { ...TWO_HOSTS, proxmox: validConfig().proxmox }, 'proxmox: set either proxmox (one host) or hosts (several), not both'],
    ['schedules outside the hosts', { ...TWO_HOSTS, schedules: {} }, 'schedules: with hosts, each host has its own; move it under hosts.<name>.schedules'],
    [
      'an empty hosts',
      { hosts: {} },
      'hosts: expected a mapping of node names to host sections, each shaped like proxmox without node (host, api_token_id, modes, ...)',
    ],
    [
      'a host name that is no node name',
      { hosts: { 'pve 1': hostSection('a.lan') } },
      `hosts["pve 1"]: invalid host name "pve 1"; expected the Proxmox node's name (letters, digits and inner hyphens)`,
    ],
    ['a host that is a list', { hosts: { pve1: [] } }, 'hosts.pve1: expected a mapping shaped like proxmox (host, api_token_id, modes, ...)'],
    [
      'a node key inside a host',
      { hosts: { pve1: hostSection('a.lan', { node: 'pve' }) } },
      "hosts.pve1.node: a host's name is its node's name; remove node, or rename the host to the node's name",
    ],
  ];
  for (const [what, config, issue] of refusals) {
    it(`refuses ${what}, naming the key and the fix`, () => assert.deepEqual(errorOf(config).issues, [issue]));
  }
});
