import { isIPv4, isIPv6 } from 'node:net';

/** The 4 or 16 network-order bytes of an IP address, as a subjectAltName iPAddress carries them. */
export function ipAddressBytes(address: string): Buffer {
  if (isIPv4(address)) return Buffer.from(address.split('.').map(Number));
  if (!isIPv6(address) || address.includes('%')) throw new TypeError(`not an IP address: ${address}`);
  const words = ipv6Words(address);
  const bytes = Buffer.alloc(16);
  words.forEach((word, i) => bytes.writeUInt16BE(word, i * 2));
  return bytes;
}

/** The eight 16-bit groups of a valid IPv6 address, expanding `::` and an embedded IPv4 tail. */
function ipv6Words(address: string): number[] {
  const groups = (part: string): number[] => (part === '' ? [] : part.split(':').flatMap(group));
  const [head = '', tail] = address.split('::');
  if (tail === undefined) return groups(head);
  const [before, after] = [groups(head), groups(tail)];
  return [...before, ...new Array<number>(8 - before.length - after.length).fill(0), ...after];
}

function group(text: string): number[] {
  if (!text.includes('.')) return [parseInt(text, 16)];
  const [a = 0, b = 0, c = 0, d = 0] = text.split('.').map(Number);
  return [(a << 8) | b, (c << 8) | d];
}
