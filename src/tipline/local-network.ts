import { BlockList, isIP } from 'node:net';

// Loopback, RFC 1918, link-local, carrier-grade NAT and IPv6 unique-local/link-local: the office network.
const local = new BlockList();
local.addSubnet('127.0.0.0', 8, 'ipv4');
local.addSubnet('10.0.0.0', 8, 'ipv4');
local.addSubnet('172.16.0.0', 12, 'ipv4');
local.addSubnet('192.168.0.0', 16, 'ipv4');
local.addSubnet('169.254.0.0', 16, 'ipv4');
local.addSubnet('100.64.0.0', 10, 'ipv4');
local.addAddress('::1', 'ipv6');
local.addSubnet('fc00::', 7, 'ipv6');
local.addSubnet('fe80::', 10, 'ipv6');

/** A visitor on the local network: loopback or a private address ("local" = an in-process request). */
export function isLocalNetwork(ip: string | undefined): boolean {
  if (!ip) return false;
  if (ip === 'local') return true;
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1];
  const addr = v4 ?? ip;
  const family = isIP(addr);
  if (family === 0) return false;
  return local.check(addr, family === 4 ? 'ipv4' : 'ipv6');
}
