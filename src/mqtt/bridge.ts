import { discoveryPayload } from './discovery';
import type { HostAccess } from './host-access';
import { hostState, type HostReading, type RequestReply } from './host-state';
import { openBroker, type BrokerSettings, type MqttBrokerError } from './broker';
import { OutcomeCache, readHost } from './reading';
import type { Reply } from './replies';
import { requestCancel, requestMode, requestWake } from './requests';
import { hostTopics, type TopicOptions } from './topics';

export interface BridgeDeps {
  readonly access: HostAccess;
  readonly broker: Omit<BrokerSettings, 'will'>;
  readonly topics: TopicOptions;
  /** How often the host is read while no switch runs. */
  readonly refreshMs: number;
  readonly version: string;
  readonly log: (line: string) => void;
  readonly now: () => Date;
  /** Delay before answering Home Assistant's `online` (HA asks for a small random one); default up to 1 s. */
  readonly announceDelayMs?: () => number;
}

/** What a bridge did while it ran: requests by outcome, and how many times it (re)connected. */
export interface BridgeSummary {
  readonly requests: Readonly<Partial<Record<RequestReply['outcome'], number>>>;
  readonly connections: number;
}

export interface RunningBridge {
  /** Rejects with MqttBrokerError when the broker refuses the bridge for good; resolves after stop(). */
  readonly done: Promise<BridgeSummary>;
  stop(): Promise<BridgeSummary>;
}

// While a switch runs its progress is read this often, so Home Assistant sees each step; the VMs
// (a request per VM) less often.
const SWITCHING_REFRESH_MS = 500;
const SWITCHING_HOST_READ_MS = 2_000;

/**
 * The Home Assistant bridge for one host: announces the host's entities by MQTT discovery, keeps
 * their state current (every 500 ms while a switch runs), and turns Home Assistant's commands into
 * switch requests. Commands and reads run one at a time, in arrival order.
 */
export function startBridge(deps: BridgeDeps): RunningBridge {
  const { access, log } = deps;
  const topics = hostTopics(access.node, deps.topics);
  const outcomes = new OutcomeCache();
  const requests: Partial<Record<RequestReply['outcome'], number>> = {};
  let reading: HostReading | undefined;
  let reply: RequestReply | undefined;
  let published = '';
  let connections = 0;
  let online = false;
  let reportedDown = false;
  let stopped = false;
  let wakeLoop = () => {};
  let chain: Promise<void> = Promise.resolve();
  let fail: (err: MqttBrokerError) => void = () => {};
  const failed = new Promise<never>((_, reject) => (fail = reject));
  failed.catch(() => undefined);

  /** Runs `fn` after everything queued before it; a failure is logged, never stops the queue. */
  const serial = (fn: () => Promise<void>): Promise<void> =>
    (chain = chain.then(fn).catch((err: unknown) => log(`error: ${err instanceof Error ? err.message : String(err)}`)));

  function publishState(force: boolean): void {
    if (!reading || !broker.connected) return;
    const text = JSON.stringify(hostState(reading, reply));
    if (!force && text === published) return;
    broker.publish(topics.state, text, true);
    published = text;
  }

  let hostReadAt = 0;
  async function refresh(force: boolean): Promise<void> {
    const recent = !force && Date.now() - hostReadAt < SWITCHING_HOST_READ_MS ? reading?.modes : undefined;
    const previous = reading;
    reading = await readHost(access, outcomes, recent);
    if (reading.modes !== previous?.modes) hostReadAt = Date.now();
    publishState(force);
  }

  function announce(): void {
    broker.publish(topics.availability, 'online', true);
    const discovery = discoveryPayload({
      node: access.node,
      modes: access.modes.map((m) => m.name),
      topics,
      version: deps.version,
      wake: access.wake !== undefined,
    });
    broker.publish(topics.discovery, JSON.stringify(discovery), true);
    publishState(true);
  }

  async function answer(what: string, request: () => Promise<Reply>): Promise<void> {
    if (stopped) return;
    const r = await request();
    reply = { ...r, at: deps.now().toISOString() };
    requests[r.outcome] = (requests[r.outcome] ?? 0) + 1;
    log(`Home Assistant: ${what}: ${r.text}`);
    // Always re-published: after a refusal the select must fall back to the current mode.
    await refresh(true);
    wakeLoop();
  }

  const commands = new Map<string, (payload: string) => Promise<void>>([
    [topics.modeCommand, (payload) => answer(`boot mode ${payload.trim().slice(0, 64)}`, () => requestMode(access, payload))],
    [topics.cancelCommand, () => answer('cancel switch', () => requestCancel(access))],
    ...(access.wake ? [[topics.wakeCommand, () => answer('wake host', () => requestWake(access))] as const] : []),
  ]);

  const broker = openBroker(
    { ...deps.broker, will: { topic: topics.availability, payload: 'offline' } },
    {
      connected() {
        connections++;
        online = true;
        reportedDown = false;
        log(`connected to the MQTT broker at ${deps.broker.url} as ${deps.broker.clientId}; Home Assistant discovery: ${topics.discovery}`);
        void serial(async () => {
          broker.subscribe([...commands.keys(), topics.haStatus]);
          announce();
        });
      },
      message(topic, payload) {
        if (topic === topics.haStatus) {
          // Home Assistant (re)started and forgot its MQTT entities until discovery comes again.
          if (payload === 'online') setTimeout(() => void serial(async () => announce()), deps.announceDelayMs?.() ?? Math.random() * 1_000);
          return;
        }
        const command = commands.get(topic);
        if (command) void serial(() => command(payload));
      },
      lost(reason) {
        // One line per outage, not one per retry.
        if (!reportedDown && !stopped) log(`${online ? 'lost' : 'cannot reach'} the MQTT broker at ${deps.broker.url} (${reason}); retrying every second`);
        online = false;
        reportedDown = true;
      },
      warn: (message) => log(`warning: ${message}`),
      fatal(err) {
        stopped = true;
        wakeLoop();
        fail(err);
      },
    },
  );

  async function loop(): Promise<void> {
    while (!stopped) {
      await serial(() => refresh(false));
      if (stopped) break;
      const switching = reading?.switch.kind === 'running';
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, switching ? SWITCHING_REFRESH_MS : deps.refreshMs);
        wakeLoop = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  const summary = (): BridgeSummary => ({ requests: { ...requests }, connections });
  const looped = loop();
  const done = Promise.race([looped.then(summary), failed]);
  return {
    done,
    async stop() {
      stopped = true;
      wakeLoop();
      await looped;
      await chain;
      await broker.close({ topic: topics.availability, payload: 'offline' });
      return summary();
    },
  };
}
