// Wake-on-LAN's packet, pure: the config schema checks MAC addresses with the same rule.

// Six bytes written as aa:bb:cc:dd:ee:ff, aa-bb-…, or aabbccddeeff.
const MAC = /^[0-9a-f]{2}([:-]?)[0-9a-f]{2}(?:\1[0-9a-f]{2}){4}$/i;

/** The six bytes of a MAC address; undefined when the text is not one. */
export function parseMac(text: string): Buffer | undefined {
  const trimmed = text.trim();
  return MAC.test(trimmed) ? Buffer.from(trimmed.replace(/[:-]/g, ''), 'hex') : undefined;
}

/** The magic packet: 6 × 0xFF, then the MAC 16 times (102 bytes), as Proxmox's own `wakeonlan` builds it. */
export function magicPacket(mac: string): Buffer {
  const bytes = parseMac(mac);
  if (!bytes) throw new Error('not a MAC address: expected six hex bytes like AA:BB:CC:DD:EE:FF');
  return Buffer.concat([Buffer.alloc(6, 0xff), ...Array.from({ length: 16 }, () => bytes)]);
}
