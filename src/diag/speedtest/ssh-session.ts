// Opens the SSH session a speed test runs on, over TCP or `coder ssh --stdio`, and turns every
// way that can fail into one sentence with a next step.
import { Client } from 'ssh2';
import type { ConnectConfig } from 'ssh2';
import { AuthSetupError, planAuth, type AuthPlan } from './auth';
import { defaultKnownHostsFiles, loadHostKeyPolicy } from './host-key-policy';
import type { HostKeyPolicy } from './host-key-policy';
import { describeTarget, localUser } from './target';
import type { Transport } from './transport';
import { TransportError } from './transport';
import { spawnCoderStdio } from './transport-coder';
import { connectTcp } from './transport-tcp';
import { CLI_FRONT_END } from './types';
import type { SpeedtestOptions } from './types';
import { errorMessage, waitAtMost } from '../errors';
import { l10n } from '../l10n';

export class SshSessionError extends Error {
  constructor(
    message: string,
    /** The fingerprint of a host key refused as unknown, for a front end that offers to trust it. */
    readonly unknownHostKey: string | null = null,
  ) {
    super(message);
  }
}

export interface SshSession {
  readonly client: Client;
  readonly transport: Transport;
  readonly kind: 'coder' | 'ssh';
  /** Why the connection broke after login (error or close), or null while it is up. */
  broken(): string | null;
  /** Resolves when the connection breaks or closes. */
  readonly ended: Promise<void>;
  /** Things worth telling the user, e.g. that a host key was recorded. */
  readonly notes: string[];
  close(): Promise<void>;
}

/** Everything the handshake needs to know and to say, settled before it starts. */
interface Handshake {
  transport: Transport;
  username: string;
  policy: HostKeyPolicy | null;
  auth: AuthPlan;
  coder: boolean;
  /** How the target is named in messages. */
  name: string;
  /** The whole connect budget, and when it started. */
  connectTimeoutMs: number;
  started: number;
  /** The no-answer message for a `coder ssh --stdio` that stays silent. */
  silentCli: string | null;
  /** How messages tell the user to give a key file. */
  keyFileOption: string;
}

/** `networkInfoDir`: where `coder ssh --stdio` reports its path (Coder targets; null: not asked). */
export async function openSshSession(
  options: SpeedtestOptions,
  signal: AbortSignal,
  networkInfoDir: string | null = null,
): Promise<SshSession> {
  const coder = options.target.kind === 'coder';
  const connectTimeoutMs = options.connectTimeoutMs ?? (coder ? 20_000 : 10_000);
  const started = Date.now();
  const { transport, username, policy } = await openTransport(options, signal, networkInfoDir, connectTimeoutMs);
  const auth = await planSessionAuth(options, username, transport);
  const target = options.target;
  const shake: Handshake = {
    transport,
    username,
    policy,
    auth,
    coder,
    name: describeTarget(target),
    keyFileOption: (options.frontEnd ?? CLI_FRONT_END).keyFileOption,
    connectTimeoutMs,
    started,
    silentCli:
      target.kind === 'coder'
        ? l10n.t(
            '`coder ssh --stdio {0}` gave no SSH answer within {1} s: the workspace may be starting or unreachable; try `coder ping`.',
            target.workspace,
            Math.round(connectTimeoutMs / 1000),
          )
        : null,
  };

  const client = new Client();
  // Tearing the transport down makes ssh2 report a socket error; by then nobody is waiting for one.
  client.on('error', () => undefined);
  const closeAll = async (): Promise<void> => {
    client.end();
    await waitAtMost(transport.close(), 4000);
  };
  try {
    await handshake(client, shake, signal);
  } catch (err) {
    await closeAll();
    throw err;
  }
  const notes = policy ? await recordHostKey(policy, shake.name) : [];
  const { broken, ended } = watchConnection(client, transport);
  let closing: Promise<void> | null = null;
  return {
    client,
    transport,
    kind: coder ? 'coder' : 'ssh',
    broken,
    ended,
    notes,
    close: () => (closing ??= closeAll()),
  };
}

/** The byte stream under SSH: `coder ssh --stdio`, or TCP with the host key policy for that host. */
async function openTransport(
  options: SpeedtestOptions,
  signal: AbortSignal,
  networkInfoDir: string | null,
  connectTimeoutMs: number,
): Promise<{ transport: Transport; username: string; policy: HostKeyPolicy | null }> {
  const target = options.target;
  try {
    if (target.kind === 'coder') {
      const env = options.env ?? process.env;
      const transport = spawnCoderStdio(
        target.coderPath,
        target.globalArgs,
        target.workspace,
        env,
        signal,
        networkInfoDir,
      );
      // The workspace agent accepts any user; send the local one, as OpenSSH does with Coder's ssh config.
      return { transport, username: localUser(), policy: null };
    }
    const policy = await loadHostKeyPolicy(
      target.host,
      target.port,
      options.knownHostsFiles ?? defaultKnownHostsFiles(),
      options.acceptNew === true,
      options.trustHostKey ?? null,
      (options.frontEnd ?? CLI_FRONT_END).hostKeyFlags,
    );
    const transport = await connectTcp(target.host, target.port, connectTimeoutMs, signal);
    return { transport, username: target.username, policy };
  } catch (err) {
    if (err instanceof TransportError || err instanceof Error) throw new SshSessionError(err.message);
    throw err;
  }
}

/** Which logins to offer; closes the transport when there is none to offer. */
async function planSessionAuth(options: SpeedtestOptions, username: string, transport: Transport): Promise<AuthPlan> {
  const coder = options.target.kind === 'coder';
  try {
    return await planAuth({
      username,
      identityFile: options.identityFile,
      agentSocket: (options.env ?? process.env).SSH_AUTH_SOCK,
      defaultKeys: !coder,
      coder,
      keyFileOption: (options.frontEnd ?? CLI_FRONT_END).keyFileOption,
    });
  } catch (err) {
    await transport.close();
    throw new SshSessionError(err instanceof AuthSetupError ? err.message : String(err));
  }
}

type SshError = Error & { level?: string };

/** One sentence for a handshake that failed: the refused host key, the login, the transport, or ssh2's words. */
function explainHandshake(shake: Handshake, remainingMs: number, err?: SshError): string {
  const { name, auth } = shake;
  const refusal = shake.policy?.refusal();
  if (refusal) return refusal;
  if (err?.level === 'client-authentication') {
    return shake.coder
      ? l10n.t(
          'The workspace {0} refused every login method (tried {1}): give a key with {2} if it needs one.',
          name,
          auth.tried.join(', '),
          shake.keyFileOption,
        )
      : l10n.t(
          'Authentication failed for {0} (tried {1}). Check the user name, give a key with {2}, or load your key into ssh-agent.',
          name,
          auth.tried.join(', ') || l10n.t('nothing: no key given and no ssh-agent running'),
          shake.keyFileOption,
        );
  }
  const transportSaid = shake.transport.failure();
  if (transportSaid) return transportSaid;
  if (err?.level === 'client-timeout')
    return l10n.t('No SSH handshake with {0} within {1} s.', name, Math.round(remainingMs / 1000));
  if (err) return l10n.t('SSH connection to {0} failed: {1}', name, err.message);
  return l10n.t('The connection to {0} closed during the SSH handshake.', name);
}

function connectConfig(shake: Handshake, remainingMs: number): ConnectConfig {
  const { policy } = shake;
  const config: ConnectConfig = {
    sock: shake.transport.sock,
    username: shake.username,
    authHandler: shake.auth.handler,
    // The tailnet has already authenticated a Coder workspace, as the CLI's own SSH config assumes.
    hostVerifier: policy ? policy.verify : () => true,
    readyTimeout: remainingMs,
    keepaliveInterval: 0,
  };
  const algorithms = policy?.algorithms ?? [];
  if (algorithms.length > 0)
    config.algorithms = { serverHostKey: algorithms as NonNullable<ConnectConfig['algorithms']>['serverHostKey'] };
  return config;
}

/** Connects `client` over the transport; rejects with a SshSessionError that says why, within the budget. */
function handshake(client: Client, shake: Handshake, signal: AbortSignal): Promise<void> {
  const { transport, name, connectTimeoutMs } = shake;
  return new Promise<void>((resolve, reject) => {
    const remaining = Math.max(1000, connectTimeoutMs - (Date.now() - shake.started));
    const fail = (message: string): void => {
      cleanup();
      reject(new SshSessionError(message, shake.policy?.unknownFingerprint() ?? null));
    };
    const onReady = (): void => {
      cleanup();
      resolve();
    };
    // A dying CLI closes its pipe just before it exits: give it a moment to say why.
    const settleThenFail = (err?: SshError): void => {
      if (err?.level === 'client-authentication' || shake.policy?.refusal())
        return fail(explainHandshake(shake, remaining, err));
      void waitAtMost(transport.closed, 500).then(() => fail(explainHandshake(shake, remaining, err)));
    };
    const onError = (err: SshError): void => settleThenFail(err);
    const onClose = (): void => settleThenFail();
    const onAbort = (): void => fail(l10n.t('Cancelled while connecting'));
    const timer = setTimeout(
      () =>
        fail(
          transport.failure() ??
            shake.silentCli ??
            l10n.t('No SSH handshake with {0} within {1} s.', name, Math.round(connectTimeoutMs / 1000)),
        ),
      remaining,
    );
    const cleanup = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      client.off('ready', onReady);
      client.off('error', onError);
      client.off('close', onClose);
    };
    client.once('ready', onReady);
    client.on('error', onError);
    client.once('close', onClose);
    // A cancel that came while the transport opened has already fired: it would never reach onAbort.
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    client.connect(connectConfig(shake, remaining));
  });
}

/** Records a newly trusted host key; what it did (or why it could not) for the user. */
async function recordHostKey(policy: HostKeyPolicy, name: string): Promise<string[]> {
  try {
    const written = await policy.recordIfNew();
    return written
      ? [
          l10n.t(
            'Trusted the new host key of {0} ({1}) and recorded it in {2}.',
            name,
            String(policy.presentedKey),
            written,
          ),
        ]
      : [];
  } catch (err) {
    return [l10n.t('Could not record the host key: {0}', errorMessage(err))];
  }
}

/** After login: why the connection broke (the transport's reason first), and when. */
function watchConnection(client: Client, transport: Transport): Pick<SshSession, 'broken' | 'ended'> {
  let brokenReason: string | null = null;
  let markEnded: () => void = () => undefined;
  const ended = new Promise<void>((r) => (markEnded = r));
  client.on('error', (err: Error) => {
    brokenReason ??= transport.failure() ?? l10n.t('The SSH connection broke: {0}', err.message);
    markEnded();
  });
  client.on('close', () => {
    brokenReason ??= transport.failure() ?? l10n.t('The SSH connection closed');
    markEnded();
  });
  return { broken: () => brokenReason, ended };
}
