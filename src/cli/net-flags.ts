// How wsdoctor reaches the network, as the Coder CLI does: the proxy variables, SSL_CERT_FILE and
// SSL_CERT_DIR, CODER_HEADER and CODER_HEADER_COMMAND from the environment, plus flags for what the
// environment cannot say. Shared by the commands that run the probes.
import type { CoderSettings } from '../diag/coder/global-flags';
import { netSettingsFromEnv, type NetSettings } from '../diag/net/settings';
import { UsageError } from './args';

export const NET_OPTIONS = {
  'header-command': { type: 'string' },
  'ca-file': { type: 'string' },
  'client-cert': { type: 'string' },
  'client-key': { type: 'string' },
} as const;

export const NET_USAGE = `  --header-command CMD  prints Name=value lines: headers for every deployment call (as CODER_HEADER_COMMAND)
  --ca-file FILE       trust this CA (PEM) too, besides the system's, SSL_CERT_FILE and SSL_CERT_DIR
  --client-cert FILE   client certificate (PEM) for a deployment that asks for one, with --client-key FILE
  Proxies: HTTPS_PROXY, HTTP_PROXY and NO_PROXY, as the Coder CLI reads them.`;

interface NetFlags {
  'header-command'?: string;
  'ca-file'?: string;
  'client-cert'?: string;
  'client-key'?: string;
}

function nonEmpty(values: NetFlags, name: keyof NetFlags): string | undefined {
  const value = values[name];
  if (value === undefined) return undefined;
  if (value.trim() === '') throw new UsageError(`--${name} needs a value`);
  return value.trim();
}

/** The environment's settings, with the flags on top. */
export function netFromFlags(values: NetFlags, env: NodeJS.ProcessEnv = process.env): NetSettings {
  const net = netSettingsFromEnv(env);
  const headerCommand = nonEmpty(values, 'header-command');
  const caFile = nonEmpty(values, 'ca-file');
  const cert = nonEmpty(values, 'client-cert');
  const key = nonEmpty(values, 'client-key');
  if ((cert === undefined) !== (key === undefined))
    throw new UsageError('--client-cert and --client-key go together: give both');
  if (headerCommand) net.headerCommand = headerCommand;
  if (caFile) net.caFiles = [...(net.caFiles ?? []), caFile];
  if (cert && key) Object.assign(net, { clientCertFile: cert, clientKeyFile: key });
  return net;
}

/** The Coder CLI gets the same header command, as --header-command (CODER_HEADER_COMMAND reaches it by itself). */
export function coderSettingsFromFlags(values: NetFlags): CoderSettings | undefined {
  const headerCommand = values['header-command']?.trim();
  return headerCommand ? { globalFlags: [], headerCommand } : undefined;
}
