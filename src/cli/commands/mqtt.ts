import { hostname } from 'node:os';
import { ExitCode, UsageError } from '../../errors';
import { modesFromConfig } from '../../modes/from-config';
import { startBridge, type BridgeDeps, type BridgeSummary } from '../../mqtt/bridge';
import { brokerSettings } from '../../mqtt/settings';
import { hostWaker } from '../../mqtt/wake';
import { proxmoxClientFromConfig } from '../../proxmox/from-config';
import { packageVersion } from '../../shared/package-version';
import { temporalConnectionOptions } from '../../temporal/connection-options';
import type { CliContext } from '../context';
import { present, type View } from '../output';
import { connectTemporal, type TemporalSession } from '../temporal-session';

/** Runs the bridge until `until` resolves (or the broker refuses it for good), then says what it did. */
export async function mqttBridge(deps: BridgeDeps, until: Promise<void>): Promise<BridgeSummary> {
  const bridge = startBridge(deps);
  await Promise.race([bridge.done, until]);
  return bridge.stop();
}

export const mqttView: View<BridgeSummary> = {
  text(s) {
    const counts = Object.entries(s.requests).map(([outcome, n]) => `${n} ${outcome}`);
    return [
      `MQTT bridge stopped: ${counts.length > 0 ? `requests from Home Assistant: ${counts.join(', ')}` : 'no requests from Home Assistant'}; connected ${s.connections} time(s).`,
    ];
  },
  json: (s) => ({ requests: s.requests, connections: s.connections }),
  exitCode: () => ExitCode.ok,
};

/**
 * `morpheus mqtt`: the Home Assistant bridge for the configured host, until SIGINT/SIGTERM. Its
 * Proxmox client and Temporal connection are its own: they outlive any one request, and Temporal is
 * connected again after a failed attempt instead of once per process.
 */
export async function runMqtt(ctx: CliContext): Promise<ExitCode> {
  const { config } = ctx.config();
  if (!config.mqtt) {
    throw new UsageError(`the config ${ctx.config().path} has no mqtt: section`, {
      hint: 'add one with at least mqtt.url (docs/home-assistant.md), e.g. url: mqtt://homeassistant.lan:1883',
    });
  }
  const broker = brokerSettings(config.mqtt, config.proxmox.node, ctx.io.env);
  const proxmox = proxmoxClientFromConfig(config.proxmox);
  let session: Promise<TemporalSession> | undefined;
  const temporal = () =>
    (session ??= connectTemporal(temporalConnectionOptions(config.temporal)).catch((err: unknown) => {
      session = undefined;
      throw err;
    }));
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  try {
    const deps: BridgeDeps = {
      access: {
        node: config.proxmox.node,
        modes: modesFromConfig(config),
        proxmox,
        temporal,
        requestedBy: `home-assistant:mqtt@${hostname()}`,
        wake: hostWaker(config),
      },
      broker,
      topics: { discoveryPrefix: config.mqtt.discovery_prefix, topicPrefix: config.mqtt.topic_prefix },
      refreshMs: config.mqtt.refresh,
      version: packageVersion(),
      log: (line) => ctx.err(`${new Date().toISOString()} ${line}`),
      now: () => new Date(),
    };
    ctx.err(`Morpheus MQTT bridge for host ${config.proxmox.node}: broker ${broker.url}, Temporal ${config.temporal.address}. Ctrl-C stops it.`);
    const until = new Promise<void>((resolve) => stop.signal.addEventListener('abort', () => resolve()));
    return present(ctx, mqttView, await mqttBridge(deps, until), false);
  } finally {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    await proxmox.close();
    await (await session?.catch(() => undefined))?.close();
  }
}
