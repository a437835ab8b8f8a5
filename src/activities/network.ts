import { connect } from 'node:net';
import type { NetworkOutcome } from '../contract/switch';
import type { NetworkWaitPlan } from '../modes/types';
import type { AgentNetworkResult, ProxmoxClient } from '../proxmox/client';
import { ProxmoxPermissionError } from '../proxmox/errors';
import { usableAddress } from '../host/guest-address';
import { pollLearnt } from './learnt-poll';
import { cancellable } from './poll';
import type { WaitMemory } from './wait-memory';

const AGENT_WAIT_REASON: Partial<Record<AgentNetworkResult['kind'], string>> = {
  'agent-not-running': 'the guest agent is not running',
  'vm-not-running': 'the VM is not running',
  ok: 'the guest agent reports no usable address',
};

function tcpOpen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2_000 });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}

export function networkActivities(client: ProxmoxClient, memory: WaitMemory) {
  return {
    /**
     * Step 6: waits, within its own timeout, for the guest agent to report an address (or a TCP port to
     * answer). Not confirming is an outcome, not a failure: the VM runs either way.
     */
    async waitForNetwork(target: { vmid: number; network: NetworkWaitPlan }): Promise<NetworkOutcome> {
      const started = Date.now();
      const { network } = target;
      const afterMs = () => Date.now() - started;
      if (network.wait === 'none') return { confirmed: false, reason: 'network wait is off for this mode', afterMs: 0 };
      const seconds = Math.round(network.timeoutMs / 1000);
      if (network.wait === 'tcp') {
        const ok = await pollLearnt(
          async () => ((await tcpOpen(network.host, network.port)) ? true : undefined),
          network.timeoutMs,
          memory.for(target.vmid, 'boot'),
        );
        return ok
          ? { confirmed: true, via: 'tcp', address: `${network.host}:${network.port}`, afterMs: afterMs() }
          : { confirmed: false, reason: `network not confirmed within ${seconds}s (${network.host}:${network.port} did not answer)`, afterMs: afterMs() };
      }
      let last: AgentNetworkResult | undefined;
      let address: string | null | undefined;
      try {
        address = await pollLearnt(
          async () => {
            const answer = await client.agentNetworkInterfaces(target.vmid, cancellable());
            last = answer;
            return answer.kind === 'no-agent-configured' ? null : usableAddress(answer);
          },
          network.timeoutMs,
          memory.for(target.vmid, 'boot'),
        );
      } catch (err) {
        // The VM runs either way: a token that may not ask the agent (403) costs the IP, not the switch.
        if (err instanceof ProxmoxPermissionError) return { confirmed: false, reason: `cannot ask the guest agent: ${err.message}`, afterMs: afterMs() };
        throw err;
      }
      if (address) return { confirmed: true, via: 'agent', address, afterMs: afterMs() };
      if (address === null) return { confirmed: false, reason: 'no QEMU guest agent configured for this VM', afterMs: afterMs() };
      const why = last === undefined ? 'Proxmox did not answer' : last.kind === 'agent-error' ? last.message : (AGENT_WAIT_REASON[last.kind] ?? last.kind);
      return { confirmed: false, reason: `network not confirmed within ${seconds}s (${why})`, afterMs: afterMs() };
    },
  };
}
