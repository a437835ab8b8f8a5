import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { parseConfigText } from '../../../src/config';
import { projectRoot } from '../../../src/shared/project-root';
import { SEARCH_ATTRIBUTES } from '../../../src/contract/search-attributes';

// docker-compose.yml and the Dockerfile checked as data: no Docker engine (nor the compose plugin) is
// available where the tests run, so this is the schema-level check of what `docker compose config`
// would read, plus the properties the deployment promises.

type Mapping = Record<string, unknown>;
interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  entrypoint?: string[];
  environment?: Mapping;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  restart?: string;
  volumes?: string[];
  secrets?: string[];
  ports?: string[];
}

const root = projectRoot();
const composeText = readFileSync(join(root, 'docker-compose.yml'), 'utf8');
const compose = parseYaml(composeText, { merge: true }) as {
  name: string;
  services: Record<string, Service>;
  volumes: Mapping;
  secrets: Record<string, { file: string }>;
};
const services = compose.services;
const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');

// The Compose Specification's keys that this file may use; a typo (`depend_on`) would otherwise pass.
const TOP_KEYS = new Set(['name', 'services', 'volumes', 'secrets', 'networks', 'configs']);
const SERVICE_KEYS = new Set([
  'image',
  'build',
  'command',
  'entrypoint',
  'environment',
  'depends_on',
  'healthcheck',
  'restart',
  'volumes',
  'secrets',
  'ports',
  'stop_grace_period',
]);
const CONDITIONS = new Set(['service_started', 'service_healthy', 'service_completed_successfully']);
const LONG_RUNNING = ['postgresql', 'temporal', 'temporal-ui', 'morpheus-worker'];
const ONE_SHOT = ['temporal-schema', 'temporal-setup'];

describe('docker-compose.yml', () => {
  it('uses only Compose Specification keys, and every service has an image or a build', () => {
    for (const key of Object.keys(compose)) assert.ok(TOP_KEYS.has(key) || key.startsWith('x-'), `top-level key ${key}`);
    for (const [name, service] of Object.entries(services)) {
      for (const key of Object.keys(service)) assert.ok(SERVICE_KEYS.has(key), `${name}: unknown key ${key}`);
      assert.ok(service.image !== undefined || service.build !== undefined, `${name}: no image`);
    }
    assert.deepEqual(Object.keys(services).sort(), [...LONG_RUNNING, ...ONE_SHOT].sort());
  });

  it("follows Temporal's current layout, with tags of Server 1.32.x and UI 2.54.x, and no auto-setup", () => {
    assert.match(services['temporal']!.image!, /^temporalio\/server:1\.32\.\d+$/);
    for (const job of ONE_SHOT) assert.match(services[job]!.image!, /^temporalio\/admin-tools:1\.32\.\d+$/, job);
    assert.match(services['temporal-ui']!.image!, /^temporalio\/ui:2\.54\.\d+$/);
    assert.doesNotMatch(composeText, /auto-setup|TEMPORAL_CLI_ADDRESS|tctl/);
  });

  it('starts each service after what it needs: healthy, or (for the one-shot jobs) completed', () => {
    const needs = (service: string) => Object.fromEntries(Object.entries(services[service]!.depends_on ?? {}).map(([k, v]) => [k, v.condition]));
    assert.deepEqual(needs('temporal-schema'), { postgresql: 'service_healthy' });
    assert.deepEqual(needs('temporal'), { 'temporal-schema': 'service_completed_successfully' });
    assert.deepEqual(needs('temporal-setup'), { temporal: 'service_healthy' });
    assert.deepEqual(needs('temporal-ui'), { temporal: 'service_healthy' });
    assert.deepEqual(needs('morpheus-worker'), { 'temporal-setup': 'service_completed_successfully' });
    for (const [name, service] of Object.entries(services)) {
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        assert.ok(CONDITIONS.has(condition), `${name}: condition ${condition}`);
        if (condition === 'service_healthy')
          assert.ok(services[dependency]?.healthcheck, `${name} waits for ${dependency} to be healthy, which has no health check`);
        if (condition === 'service_completed_successfully') assert.ok(ONE_SHOT.includes(dependency), `${dependency} is not a one-shot job`);
      }
    }
  });

  it('restarts the long-running services unless stopped, and retries the one-shot jobs a bounded number of times', () => {
    for (const name of LONG_RUNNING) assert.equal(services[name]!.restart, 'unless-stopped', name);
    for (const name of ONE_SHOT) assert.match(services[name]!.restart ?? '', /^on-failure:\d+$/, name);
    for (const name of ['postgresql', 'temporal', 'temporal-ui']) assert.ok(services[name]!.healthcheck, `${name} has a health check`);
    assert.ok(!services['morpheus-worker']!.healthcheck, "the worker's health check is the image's own");
  });

  it('keeps data in named volumes and mounts only files that exist in the repository', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0]!;
        if (source.startsWith('./')) assert.ok(existsSync(join(root, source)), `${name} mounts ${source}, which does not exist`);
        else if (!source.startsWith('${')) assert.ok(source in compose.volumes, `${name}: volume ${source} is not declared`);
      }
    }
    assert.deepEqual(Object.keys(compose.volumes), ['postgresql-data']);
    for (const job of ONE_SHOT) {
      const script = services[job]!.entrypoint!.at(-1)!.replace('/morpheus/', 'deploy/temporal/');
      assert.ok(existsSync(join(root, script)), `${job} runs ${script}, which does not exist`);
    }
  });

  it('gives the worker the token secret only as a compose secret file, never through its environment', () => {
    const worker = services['morpheus-worker']!;
    assert.deepEqual(worker.secrets, ['proxmox_api_token']);
    assert.match(compose.secrets['proxmox_api_token']!.file, /^\$\{PROXMOX_API_TOKEN_FILE:-\.\/secrets\/proxmox_api_token\}$/);
    for (const [name, service] of Object.entries(services)) {
      for (const key of Object.keys(service.environment ?? {})) assert.doesNotMatch(key, /TOKEN|API_KEY|SECRET/, `${name} passes ${key} in its environment`);
    }
    assert.doesNotMatch(composeText, /PROXMOX_API_TOKEN(?!_FILE)/);
  });

  it('registers every search attribute a switch sets, and the deployment guide lists them all', () => {
    const script = readFileSync(join(root, 'deploy', 'temporal', 'setup-namespace.sh'), 'utf8');
    const registered = /^attributes="([^"]+)"$/m.exec(script)?.[1]?.split(' ') ?? [];
    const guide = readFileSync(join(root, 'docs', 'deployment.md'), 'utf8');
    for (const { name } of SEARCH_ATTRIBUTES) {
      assert.ok(registered.includes(name), `setup-namespace.sh does not create ${name}`);
      assert.ok(guide.includes(`--name ${name} --type Keyword`), `deployment.md does not show how to create ${name}`);
    }
  });

  it("runs the worker with the metrics address the image's health check asks", () => {
    assert.deepEqual(services['morpheus-worker']!.command, ['worker', '--metrics', '127.0.0.1:9464']);
    assert.match(dockerfile, /^CMD \["worker", "--metrics", "127\.0\.0\.1:9464"\]$/m);
    assert.match(dockerfile, /CMD \["node", "dist\/src\/worker\/health-probe\.js", "http:\/\/127\.0\.0\.1:9464\/healthz"\]/);
  });

  it('loads the example config as the compose file says to change it: the secret from /run/secrets', () => {
    const dir = mkdtempSync(join(tmpdir(), 'morpheus-compose-'));
    try {
      writeFileSync(join(dir, 'proxmox_api_token'), 'the-secret\n');
      writeFileSync(join(dir, 'pve-root-ca.pem'), '');
      const example = readFileSync(join(root, 'docs', 'config.example.yaml'), 'utf8');
      const edited = example
        .replace(/^ {2}api_token_secret: .*$/m, '')
        .replace(/^ {2}# api_token_secret_file: "\/run\/secrets\/proxmox_api_token"$/m, `  api_token_secret_file: "${join(dir, 'proxmox_api_token')}"`);
      assert.notEqual(edited, example);
      const { config } = parseConfigText(edited, { source: 'config.yaml', env: {}, baseDir: dir });
      assert.equal(config.proxmox.api_token_secret, 'the-secret');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Dockerfile', () => {
  it('builds on Debian Node 24 (glibc, for the Temporal native addon), runs as a non-root user under tini, with a health check', () => {
    const froms = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
    assert.ok(froms.length >= 1);
    for (const from of froms) assert.match(from!, /^node:24-(trixie|bookworm)-slim$/);
    assert.match(dockerfile, /^USER node$/m);
    assert.match(dockerfile, /^ENTRYPOINT \["\/usr\/bin\/tini", "--", "node", "bin\/morpheus\.js"\]$/m);
    assert.match(dockerfile, /apt-get install -y --no-install-recommends tini ca-certificates/);
    assert.match(dockerfile, /^HEALTHCHECK /m);
    assert.ok(existsSync(join(root, 'src', 'worker', 'health-probe.ts')));
  });
});
