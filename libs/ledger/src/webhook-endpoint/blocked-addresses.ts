import { BlockList, isIP } from 'node:net';

/**
 * Addresses a webhook may not reach outside the sandbox: whatever is not on the public internet, so
 * a merchant cannot point us at our own network (loopback, private, link-local, unique-local,
 * carrier-grade NAT, documentation, multicast, reserved). IPv4-mapped IPv6 addresses are checked as
 * the IPv4 address they carry (BlockList does that for ::ffff:a.b.c.d).
 */
const BLOCKED = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24],
  ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) BLOCKED.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128], ['::1', 128], ['64:ff9b::', 96], ['64:ff9b:1::', 48], ['100::', 64], ['2001::', 23], ['2001:db8::', 32], ['2002::', 16],
  ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8],
] as const) BLOCKED.addSubnet(network, prefix, 'ipv6');

/** Why a literal IP address may not be a webhook target, or null when it is a public address. */
export function blockedAddressReason(address: string): string | null {
  const family = isIP(address);
  if (family === 0) return `${address} is not an IP address`;
  return BLOCKED.check(address, family === 4 ? 'ipv4' : 'ipv6') ? `${address} is not a public address (loopback, private, link-local or reserved)` : null;
}
