import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';

/** A UDP socket on 127.0.0.1 that keeps every datagram it receives: a stand-in for a sleeping NIC. */
export interface UdpListener {
  readonly port: number;
  readonly received: Buffer[];
  close(): Promise<void>;
}

export async function listenUdp(): Promise<UdpListener> {
  const socket = createSocket('udp4');
  const received: Buffer[] = [];
  socket.on('message', (msg) => received.push(msg));
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  return {
    port: (socket.address() as AddressInfo).port,
    received,
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}

/** The bytes a magic packet for `mac` must have: 6 × 0xFF, then the MAC's 6 bytes 16 times. */
export function expectedMagicPacket(mac: string): Buffer {
  const bytes = Buffer.from(mac.replace(/[:-]/g, ''), 'hex');
  const packet = Buffer.alloc(102, 0xff);
  for (let i = 0; i < 16; i++) bytes.copy(packet, 6 + i * 6);
  return packet;
}
