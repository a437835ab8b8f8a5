import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import type { Config } from '../../../src/config/schema';
import { magicPacket } from '../../../src/host/magic-packet';
import { hostWaker } from '../../../src/mqtt/wake';

const configWith = (wol: Config['proxmox']['wol']) => ({ proxmox: { wol } }) as unknown as Config;

describe("the bridge's Wake host button", () => {
  it('is not offered without proxmox.wol', () => assert.equal(hostWaker(configWith(undefined)), undefined));

  it('sends the Wake-on-LAN packet of proxmox.wol (here to a listener on 127.0.0.1) and says so', async () => {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    const port = (socket.address() as AddressInfo).port;
    const received = new Promise<Buffer>((resolve) => socket.once('message', resolve));
    try {
      const wake = hostWaker(configWith({ mac: 'BC:24:11:2E:C5:4A', broadcast: '127.0.0.1', port, wake_if_unreachable: false, timeout: 300_000 }))!;
      assert.equal(await wake(), `Wake-on-LAN packet sent to BC:24:11:2E:C5:4A via 127.0.0.1:${port}`);
      assert.deepEqual(await received, magicPacket('BC:24:11:2E:C5:4A'));
    } finally {
      socket.close();
    }
  });
});
