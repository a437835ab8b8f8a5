import { modesFromConfig } from '../../src/modes/from-config';
import { startBridge, type BridgeDeps, type RunningBridge } from '../../src/mqtt/bridge';
import type { HostAccess } from '../../src/mqtt/host-access';
import { temporalConnectionOptions } from '../../src/temporal/connection-options';
import { after, before } from 'node:test';
import { fakeHomeAssistant, type FakeHomeAssistant } from './ha-client';
import { describeHarness, type Harness, type HarnessOptions } from './harness';
import { startMosquitto, type TestBroker } from './mosquitto';

export interface TestBridge extends RunningBridge {
  /** Every line the bridge logged. */
  readonly lines: readonly string[];
}

/**
 * The bridge `morpheus mqtt` runs, in this process: the harness's config, simulator and Temporal
 * client, connected to `url`. Re-announcing after HA's `online` has no random delay here.
 */
export function startTestBridge(
  h: Harness,
  url: string,
  o: { wake?: HostAccess['wake']; refreshMs?: number; broker?: Partial<BridgeDeps['broker']> } = {},
): TestBridge {
  const lines: string[] = [];
  const node = h.config.proxmox.node;
  const bridge = startBridge({
    access: {
      node,
      modes: modesFromConfig(h.config),
      proxmox: h.sim.client(),
      temporal: async () => ({ client: h.client, options: temporalConnectionOptions(h.config.temporal), close: async () => undefined }),
      requestedBy: 'home-assistant:test',
      wake: o.wake,
    },
    broker: { url, username: undefined, password: undefined, ca: undefined, clientId: `morpheus-test-${node}`, ...o.broker },
    topics: { discoveryPrefix: 'homeassistant', topicPrefix: 'morpheus' },
    refreshMs: o.refreshMs ?? 30_000,
    version: '0.0.0-test',
    log: (line) => lines.push(line),
    now: () => new Date(),
    announceDelayMs: () => 0,
  });
  return { ...bridge, lines, done: bridge.done, stop: bridge.stop };
}

/**
 * For a `describe` block: a harness with a worker, a Mosquitto broker, the bridge and a fake Home
 * Assistant connected to it; all closed after the block.
 */
export function describeMqtt(o: HarnessOptions & { bridge?: Parameters<typeof startTestBridge>[2] } = {}): {
  readonly h: Harness;
  readonly broker: TestBroker;
  readonly bridge: TestBridge;
  readonly ha: FakeHomeAssistant;
} {
  const t = describeHarness(o);
  let broker: TestBroker | undefined;
  let bridge: TestBridge | undefined;
  let ha: FakeHomeAssistant | undefined;
  before(async () => {
    broker = await startMosquitto();
    ha = await fakeHomeAssistant(broker.url, t.h.config.proxmox.node);
    bridge = startTestBridge(t.h, broker.url, o.bridge);
  });
  after(async () => {
    await bridge?.stop();
    await ha?.close();
    await broker?.close();
  });
  return {
    get h() {
      return t.h;
    },
    get broker() {
      return broker!;
    },
    get bridge() {
      return bridge!;
    },
    get ha() {
      return ha!;
    },
  };
}
