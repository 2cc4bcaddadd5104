// Whether text from a map, a setting or a flag can be dialled as a host. Pure.
import { isIP } from 'node:net';

/** An IP address, or a DNS name checked label by label (linear, whatever the text). */
export function isHostName(host: string): boolean {
  if (isIP(host) !== 0) return true;
  const labels = (host.endsWith('.') ? host.slice(0, -1) : host).split('.');
  return host.length <= 253 && labels.every((l) => /^[A-Za-z0-9_-]{1,63}$/.test(l));
}
