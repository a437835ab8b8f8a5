/** True when a VM config's `agent` property (`[enabled=]<1|0>[,type=…]…`) enables the guest agent. */
export function agentEnabled(value: string | number | undefined): boolean {
  if (value === undefined) return false;
  const items = String(value)
    .split(',')
    .map((item) => item.trim());
  // `enabled` is the property's default key: the first item may be its bare value.
  const enabled = items[0]!.includes('=') ? items.find((item) => item.startsWith('enabled='))?.slice('enabled='.length) : items[0];
  return enabled === '1';
}
