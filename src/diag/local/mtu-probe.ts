// The low-MTU probe: every interface that is up with a routable address, MTU below 1378 -> low-mtu.
import type { IssueFinding } from '../events';
import type { ProbeOutcome } from '../model';
import { isChecked, lowMtuFindings } from './interfaces';
import { readInterfaces, type InterfaceReadDeps } from './interfaces-read';

export interface ProbeResult {
  outcome: ProbeOutcome;
  findings: IssueFinding[];
}

export async function probeMtu(deps: InterfaceReadDeps, signal: AbortSignal): Promise<ProbeResult> {
  const read = await readInterfaces(deps, signal);
  if (!read.ok) return { outcome: { name: 'mtu', ran: false, reason: read.reason }, findings: [] };
  const interfaces = read.interfaces.map((i) => ({ ...i, checked: isChecked(i) }));
  return {
    outcome: { name: 'mtu', ran: true, data: { via: read.via, interfaces } },
    findings: lowMtuFindings(read.interfaces),
  };
}
