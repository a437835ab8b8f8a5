import { parseConfigText } from '../../src/config';
import type { Config } from '../../src/config/schema';
import { endpointOf, simulatorConfigYaml } from '../../src/simulator/config-snippet';
import type { TestSimulator } from './simulator';

export interface TestConfigOptions {
  readonly taskQueue: string;
  readonly temporalAddress: string;
  /** Defaults: shutdown 2s, start 20s, network 5s: fast, still bigger than the scaled guest times. */
  readonly switchSection?: string;
  readonly modeExtra?: string;
  /** More top-level sections (schedules:, notify:), appended as written. */
  readonly sections?: string;
}

export function testConfigYaml(sim: TestSimulator, o: TestConfigOptions): string {
  return simulatorConfigYaml({
    ...endpointOf(sim),
    ...(o.modeExtra !== undefined && { modeExtra: o.modeExtra }),
    extra: [
      o.switchSection ?? 'switch:\n  shutdown_timeout: 2s\n  start_timeout: 20s\n  network_timeout: 5s',
      `temporal:\n  address: "${o.temporalAddress}"\n  task_queue: "${o.taskQueue}"`,
      ...(o.sections === undefined ? [] : [o.sections]),
    ].join('\n'),
  });
}

/** Parses a test config through the real loader, with the simulator's secret in the environment. */
export function testConfig(sim: TestSimulator, o: TestConfigOptions): Config {
  return parseConfigText(testConfigYaml(sim, o), { source: 'test-config.yaml', env: { PROXMOX_API_TOKEN: sim.token.secret } }).config;
}
