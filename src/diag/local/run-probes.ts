// Runs the extension's own client-side probes concurrently under one deadline and emits each
// probe's outcome and findings as events (source 'local'); the reducer merges them with the CLI's.
import { stunServers as netcheckStunServers } from '../coder/netcheck';
import type { EmitFn, IssueFinding } from '../events';
import { l10n } from '../l10n';
import type { ProbeOutcome } from '../model';
import { findAwsPrefix, loadAwsRanges, type AwsRangesLoad } from './aws-ranges';
import { derpTargets, mapStunServers, regionsFromNetcheck, type DerpMapRegion } from '../coder/derp-map';
import { judgeDerp, probeDerpRegions, type DerpRegionResult } from './derp-probe';
import { fetchConnectionInfo, readCredentials, type ConnectionInfo, type ConnectionInfoResult } from './deployment-api';
import { CLI_NET_WORDS, failureFinding, uniqueFindings, type NetWords } from '../net/findings';
import { deploymentHeaders } from '../net/header-command';
import { Network } from '../net/network';
import { directReach, networkOutcome } from './network-probe';
import { errorText } from '../net/fetch-fn';
import { probeMtu, type ProbeResult } from './mtu-probe';
import { judgeStun, relaysAnsweredOverTcp, withRelayEvidence, type NatVerdict } from './nat-verdict';
import { CLI_STUN_OPTION, DEFAULT_DEADLINE_MS, PUBLIC_STUN_SERVERS, type LocalProbeOptions } from './options';
import { formatAddress } from './stun-codec';
import { runStunBindings, type StunRun } from './stun-client';
import { parseStunServer, serverLabel, type StunServer } from '../coder/stun-server';
import { systemToolRunner } from './system-tools';
import { probeVpn } from './vpn-probe';

export type { LocalProbeOptions } from './options';

/** More servers add little: two on different addresses tell easy from hard NAT. */
const MAX_STUN_SERVERS = 5;

interface Clock {
  remaining(): number;
}

function clockFor(deadlineMs: number): Clock {
  const end = Date.now() + deadlineMs;
  return { remaining: () => Math.max(0, end - Date.now()) };
}

export async function runLocalProbes(options: LocalProbeOptions, emit: EmitFn, signal: AbortSignal): Promise<void> {
  const deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const clock = clockFor(deadlineMs);
  // A hard stop a little after the budget, for anything that ignores its own timeout.
  const runSignal = AbortSignal.any([signal, AbortSignal.timeout(deadlineMs + 1000)]);
  const skip = new Set(options.skip ?? []);
  const platform = options.platform ?? process.platform;
  const run = options.runTool ?? systemToolRunner(Math.min(deadlineMs, 5000));

  const publish = (r: ProbeResult): void => {
    emit({ type: 'probe', outcome: r.outcome });
    for (const finding of r.findings) emit({ type: 'issue', source: 'local', finding });
  };
  const guarded = async (names: string[], work: () => Promise<void>): Promise<void> => {
    try {
      await work();
    } catch (err) {
      // A probe bug must not take the check down; say which probes are missing and why.
      for (const name of names)
        publish({
          outcome: { name, ran: false, reason: l10n.t('failed unexpectedly: {0}', errorText(err)) },
          findings: [],
        });
    }
  };

  const tasks: Promise<void>[] = [];
  if (!skip.has('mtu')) {
    tasks.push(
      guarded(['mtu'], async () =>
        publish(
          await probeMtu({ platform, run, sysClassNet: options.sysClassNet, addresses: options.addresses }, runSignal),
        ),
      ),
    );
  }
  if (!skip.has('vpn')) {
    tasks.push(
      guarded(['vpn'], async () =>
        publish(
          await probeVpn(
            { platform, run, procNet: options.procNet, addresses: options.addresses, routeLookup: options.routeLookup },
            runSignal,
          ),
        ),
      ),
    );
  }
  const networkNames = ['deployment', 'stun', 'aws', 'derp'].filter((n) => !skip.has(n));
  if (networkNames.length > 0)
    tasks.push(guarded(networkNames, () => networkProbes(options, clock, runSignal, skip, publish)));
  await Promise.all(tasks);
}

async function deploymentProbe(
  options: LocalProbeOptions,
  clock: Clock,
  signal: AbortSignal,
  network: Network,
  words: NetWords,
): Promise<{ result: ProbeResult; info: ConnectionInfo | null }> {
  const notRun = (reason: string, findings: IssueFinding[] = []): { result: ProbeResult; info: null } => ({
    result: { outcome: { name: 'deployment', ran: false, reason }, findings },
    info: null,
  });
  if (!options.deploymentUrl && !options.configDir)
    return notRun(options.noDeploymentReason ?? l10n.t('no deployment URL or Coder CLI config directory was given'));
  const creds = await readCredentials(options);
  if (!creds.ok) return notRun(creds.reason);
  const url = creds.credentials.url;
  // The map decides which STUN servers and relays to probe, so it gets a slice of the budget, not all of it.
  const budget = Math.max(500, Math.floor(clock.remaining() / 2));
  const net = options.net ?? {};
  const headers = await deploymentHeaders(net, { deploymentUrl: url, timeoutMs: budget, signal });
  if (!headers.ok)
    return notRun(headers.reason, [
      {
        id: 'deployment-headers',
        side: 'client',
        detail: { problem: 'failed', reason: headers.reason, fix: words.headerCommand },
      },
    ]);
  const fetchFn = options.fetch ?? network.fetcher({ servername: net.altHost, insecure: net.insecure === true });
  const got = await fetchConnectionInfo(creds.credentials, fetchFn, budget, signal, headers.headers);
  if (!got.ok)
    return notRun(got.reason, deploymentFailureFindings(got, url, Object.keys(headers.headers).length, words));
  const findings: IssueFinding[] = got.info.disableDirectConnections
    ? [{ id: 'direct-disabled-deployment', side: 'general' }]
    : [];
  const data = {
    url,
    disableDirectConnections: got.info.disableDirectConnections,
    derpForceWebsockets: got.info.derpForceWebsockets,
    regions: got.info.regions.map((r) => ({ id: r.id, name: r.name, nodes: r.nodes.length })),
  };
  return { result: { outcome: { name: 'deployment', ran: true, data }, findings }, info: got.info };
}

/** What a failed deployment call means: a proxy, a certificate, or a gateway that wants headers. */
function deploymentFailureFindings(
  got: Extract<ConnectionInfoResult, { ok: false }>,
  url: string,
  headersSent: number,
  words: NetWords,
): IssueFinding[] {
  const host = new URL(url).host;
  if (got.failure) {
    const finding = failureFinding(got.failure, host, words);
    return finding ? [finding] : [];
  }
  // A gateway (Cloudflare Access and the like) answers 403 before the session is looked at.
  if (got.status === 403 && headersSent === 0)
    return [
      { id: 'deployment-headers', side: 'client', detail: { problem: 'refused', host, fix: words.headerCommand } },
    ];
  return [];
}

interface ServerChoice {
  servers: StunServer[];
  source: 'option' | 'netcheck' | 'deployment' | 'public' | 'none';
  invalid: string[];
}

/** Where the servers came from, in words every presenter shows (the public fallback most of all). */
function choiceBasis(choice: ServerChoice, probed: StunServer[]): string | null {
  return choice.source === 'public'
    ? l10n.t('NAT: checked against public STUN servers {0} (no deployment known)', probed.map(serverLabel).join(', '))
    : null;
}

function chooseStunServers(
  options: LocalProbeOptions,
  regions: DerpMapRegion[] | null,
  regionSource: 'netcheck' | 'deployment' | null,
): ServerChoice {
  if (options.stunServers && options.stunServers.length > 0) {
    const parsed = options.stunServers.map((s) => ({ text: s, server: parseStunServer(s) }));
    return {
      servers: parsed.flatMap((p) => (p.server ? [p.server] : [])),
      source: 'option',
      invalid: parsed.filter((p) => !p.server).map((p) => p.text),
    };
  }
  if (options.netcheck && regionSource === 'netcheck') {
    const servers = netcheckStunServers(options.netcheck).flatMap((s) => parseStunServer(s) ?? []);
    return { servers, source: 'netcheck', invalid: [] };
  }
  if (regions && regionSource) return { servers: mapStunServers(regions), source: regionSource, invalid: [] };
  // No deployment known: public servers still tell whether UDP gets out and what kind of NAT this is.
  const publicServers = (options.publicStunServers ?? PUBLIC_STUN_SERVERS).flatMap((s) => parseStunServer(s) ?? []);
  return { servers: publicServers, source: publicServers.length > 0 ? 'public' : 'none', invalid: [] };
}

async function networkProbes(
  options: LocalProbeOptions,
  clock: Clock,
  signal: AbortSignal,
  skip: Set<string>,
  publish: (r: ProbeResult) => void,
): Promise<void> {
  const words = options.netWords ?? CLI_NET_WORDS;
  const network = await Network.prepare(options.net ?? {}, { systemBundles: options.systemBundles });
  let regions: DerpMapRegion[] | null = options.netcheck ? regionsFromNetcheck(options.netcheck) : null;
  let regionSource: 'netcheck' | 'deployment' | null = options.netcheck ? 'netcheck' : null;
  if (!skip.has('deployment')) {
    const deployment = await deploymentProbe(options, clock, signal, network, words);
    publish(deployment.result);
    if (!regions && deployment.info) {
      regions = deployment.info.regions;
      regionSource = 'deployment';
    }
  }

  const targets = regions ? derpTargets(regions).targets : [];
  // All at once; STUN silence is judged against what the relays answered over TCP meanwhile.
  const derp = skip.has('derp')
    ? Promise.resolve(null)
    : derpProbe(options, clock, signal, regions, network, words, publish);
  const relaysAnswered = derp.then(
    (r) => relaysAnsweredOverTcp(r ?? []),
    () => [],
  );
  const [verdict, relays, direct] = await Promise.all([
    !skip.has('stun') || !skip.has('aws')
      ? stunAndAws(options, clock, signal, skip, regions, regionSource, network, relaysAnswered, publish)
      : Promise.resolve(null),
    derp,
    directReach(targets, network, Math.min(1500, clock.remaining()), signal),
  ]);
  publish(networkOutcome({ settings: options.net ?? {}, network, words, verdict, relays, direct }));
}

async function stunAndAws(
  options: LocalProbeOptions,
  clock: Clock,
  signal: AbortSignal,
  skip: Set<string>,
  regions: DerpMapRegion[] | null,
  regionSource: 'netcheck' | 'deployment' | null,
  network: Network,
  relays: Promise<string[]>,
  publish: (r: ProbeResult) => void,
): Promise<NatVerdict | null> {
  const mapFindings: IssueFinding[] =
    regions && regions.length > 0 && mapStunServers(regions).length === 0 ? [{ id: 'no-stun', side: 'general' }] : [];
  const choice = chooseStunServers(options, regions, regionSource);
  const servers = choice.servers.slice(0, MAX_STUN_SERVERS);
  const awsSkipped = skip.has('aws');
  if (skip.has('stun') || servers.length === 0) {
    if (!skip.has('stun')) publish(stunNotRun(choice, mapFindings, options.stunOption ?? CLI_STUN_OPTION));
    if (!awsSkipped) publish(awsNotRun(l10n.t('no public address is known (the STUN probe did not run)')));
    return null;
  }

  const rangesPromise: Promise<AwsRangesLoad> | null = awsSkipped
    ? null
    : loadAwsRanges({
        file: options.awsRangesFile,
        cacheDir: options.cacheDir,
        fetch: options.fetch ?? network.fetcher(),
        timeoutMs: Math.max(300, Math.min(2000, clock.remaining())),
        signal,
      });
  const stunRun = await runStunBindings(servers, { deadlineMs: clock.remaining(), rtoMs: options.stunRtoMs, signal });
  let verdict = judgeStun(stunRun);
  if (verdict.udp === 'blocked') verdict = withRelayEvidence(verdict, stunRun, await relays);
  publish(stunProbeResult(choice, servers, stunRun, verdict, mapFindings));
  if (rangesPromise) publish(awsProbeResult(verdict.publicAddresses, await rangesPromise));
  return verdict;
}

function stunNotRun(choice: ServerChoice, mapFindings: IssueFinding[], stunOption: string): ProbeResult {
  const reason =
    choice.invalid.length > 0
      ? l10n.t('no usable STUN server in {0} (expected host:port)', choice.invalid.join(', '))
      : mapFindings.length > 0
        ? l10n.t("the deployment's DERP map has no STUN servers; name some with {0} to test UDP anyway", stunOption)
        : l10n.t(
            'no STUN servers known: no netcheck report, no deployment settings, and none named with {0}',
            stunOption,
          );
  return { outcome: { name: 'stun', ran: false, reason }, findings: mapFindings };
}

function awsNotRun(why: string): ProbeResult {
  return { outcome: { name: 'aws', ran: false, reason: l10n.t('could not check: {0}', why) }, findings: [] };
}

/** The STUN probe's outcome: which servers (and why those), what each said, the NAT verdict. */
function stunProbeResult(
  choice: ServerChoice,
  servers: StunServer[],
  stunRun: StunRun,
  verdict: NatVerdict,
  mapFindings: IssueFinding[],
): ProbeResult {
  const basis = choiceBasis(choice, servers);
  const stunData: Record<string, unknown> = {
    ...(basis ? { basis } : {}),
    source: choice.source,
    localPorts: stunRun.localPorts,
    servers: stunRun.results.map((r) => ({ ...r, mapped: r.mapped ? formatAddress(r.mapped) : undefined })),
    udp: verdict.udp,
    mapping: verdict.mapping,
    mappedEndpoints: verdict.mappedEndpoints,
  };
  if (verdict.note) stunData.note = verdict.note;
  if (verdict.silentServers) stunData.silentServers = verdict.silentServers;
  if (verdict.relaysAnswered) stunData.relaysAnswered = verdict.relaysAnswered;
  if (choice.invalid.length > 0) stunData.ignored = choice.invalid;
  if (choice.servers.length > servers.length)
    stunData.notProbed = choice.servers.slice(servers.length).map(serverLabel);
  const stunOutcome: ProbeOutcome = verdict.inconclusive
    ? { name: 'stun', ran: false, reason: verdict.inconclusive, data: stunData }
    : { name: 'stun', ran: true, data: stunData };
  return { outcome: stunOutcome, findings: [...mapFindings, ...verdict.findings] };
}

/** Whether this machine's public addresses are in AWS's ranges (AWS NAT is a hard NAT). */
function awsProbeResult(publicAddresses: string[], ranges: AwsRangesLoad): ProbeResult {
  if (publicAddresses.length === 0) return awsNotRun(l10n.t('no STUN server reported a public address'));
  if (!ranges.ok) return awsNotRun(ranges.reason);
  const matches = publicAddresses.flatMap((address) => {
    const prefix = findAwsPrefix(ranges.ranges, address);
    return prefix ? [{ address, prefix: prefix.text, region: prefix.region, service: prefix.service }] : [];
  });
  const data: Record<string, unknown> = {
    source: ranges.source,
    listDate: ranges.ranges.createDate,
    checked: publicAddresses,
    matches,
  };
  if (ranges.fetchedAt) data.fetchedAt = ranges.fetchedAt;
  if (ranges.note) data.note = ranges.note;
  const findings: IssueFinding[] =
    matches.length > 0
      ? [{ id: 'aws-hard-nat', side: 'client', detail: { address: matches[0].address, prefix: matches[0].prefix } }]
      : [];
  return { outcome: { name: 'aws', ran: true, data }, findings };
}

async function derpProbe(
  options: LocalProbeOptions,
  clock: Clock,
  signal: AbortSignal,
  regions: DerpMapRegion[] | null,
  network: Network,
  words: NetWords,
  publish: (r: ProbeResult) => void,
): Promise<DerpRegionResult[] | null> {
  const { targets, skipped } = regions ? derpTargets(regions) : { targets: [], skipped: [] };
  if (targets.length === 0) {
    const reason = !regions
      ? l10n.t('no DERP map: no netcheck report and no deployment settings')
      : skipped.length > 0
        ? l10n.t(
            'no usable relay node in the DERP map ({0})',
            skipped.map((s) => `${s.regionName}: ${s.reason}`).join('; '),
          )
        : l10n.t('the DERP map has no relay nodes');
    publish({ outcome: { name: 'derp', ran: false, reason }, findings: [] });
    return null;
  }
  const results = await probeDerpRegions(targets, { deadlineMs: clock.remaining(), signal, network });
  const { nearest, findings } = judgeDerp(results);
  const data = {
    regions: results,
    ...(skipped.length > 0 ? { skipped } : {}),
    nearest: nearest
      ? { regionId: nearest.regionId, regionName: nearest.regionName, latencyMs: nearest.latencyMs }
      : null,
  };
  publish({
    outcome: { name: 'derp', ran: true, data },
    findings: [...findings, ...relayFailureFindings(results, words)],
  });
  return results;
}

/** A proxy or a certificate that stopped relays is said once, as what it is, beside "unreachable". */
function relayFailureFindings(results: DerpRegionResult[], words: NetWords): IssueFinding[] {
  return uniqueFindings(
    results.flatMap((r) => {
      if (!r.failure || r.failure.kind === 'network') return [];
      const finding = failureFinding({ ...r.failure, message: r.latencyError ?? '' }, new URL(r.url).host, words);
      return finding ? [finding] : [];
    }),
  );
}
