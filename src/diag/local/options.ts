// What a caller can tell the local probes; everything has a default that works on a user's machine.
import type { NetcheckReport } from '../coder/netcheck';
import type { FetchFn } from '../net/fetch-fn';
import type { NetWords } from '../net/findings';
import type { NetSettings } from '../net/settings';
import type { ToolRunner } from './system-tools';

export interface LocalProbeOptions {
  /** "host:port" STUN servers that replace the DERP map's (from --stun or the wsdoctor.stunServers setting). */
  stunServers?: string[];
  /** How messages tell the user to name STUN servers: `--stun host:port` (the default, wsdoctor's) or the extension's setting. */
  stunOption?: string;
  /** Public STUN servers used when no deployment is known (default PUBLIC_STUN_SERVERS; tests pass stand-ins). */
  publicStunServers?: string[];
  /** A `coder netcheck` report, when the check already has one: its DERP map is used first. */
  netcheck?: NetcheckReport;
  /** Deployment URL; defaults to `<configDir>/url`. */
  deploymentUrl?: string;
  /** The Coder CLI's config directory (files `url` and `session`). */
  configDir?: string;
  /** The session token of the login in use; sent only in a request header, never across origins. */
  sessionToken?: string;
  /** Why no deployment is known (said when the deployment probe cannot run). */
  noDeploymentReason?: string;
  /** A local AWS ip-ranges.json to use instead of downloading it. */
  awsRangesFile?: string;
  /** Where the downloaded AWS range list is cached with its date. */
  cacheDir?: string;
  /** Budget for the whole run, in milliseconds (default 3000). */
  deadlineMs?: number;
  /** Initial STUN retransmission timeout (RFC 5389 default 500 ms). */
  stunRtoMs?: number;
  /** Proxy, trust, client certificate and deployment headers for every HTTP(S) and WebSocket call. */
  net?: NetSettings;
  /** How findings tell the user to fix a proxy, a certificate or the headers (default: wsdoctor's flags). */
  netWords?: NetWords;
  /** The OS certificate bundles to look for (default: the distributions' usual paths; tests point elsewhere). */
  systemBundles?: string[];
  /** Replaces the network for the deployment API and AWS download (tests). */
  fetch?: FetchFn;
  /** Leave probes out by name: 'mtu', 'vpn', 'stun', 'aws', 'deployment', 'derp'. */
  skip?: string[];
  /** Test seams: platform, tool runner, sysfs/procfs roots, address table. */
  platform?: NodeJS.Platform;
  runTool?: ToolRunner;
  sysClassNet?: string;
  procNet?: string;
  addresses?: () => Map<string, string[]>;
  routeLookup?: (destination: string) => Promise<string | null>;
}

export const DEFAULT_DEADLINE_MS = 3000;

/** wsdoctor's way to name STUN servers, for messages. */
export const CLI_STUN_OPTION = '--stun host:port';

/** Well-known public STUN servers on different networks, so a NAT verdict needs no Coder login. */
export const PUBLIC_STUN_SERVERS = ['stun.l.google.com:19302', 'stun1.l.google.com:19302', 'stun.cloudflare.com:3478'];
