// Opens the SSH session a speed test runs on, over TCP or `coder ssh --stdio`, and turns every
// way that can fail into one sentence with a next step.
import { Client } from 'ssh2';
import type { ConnectConfig } from 'ssh2';
import { AuthSetupError, planAuth } from './auth';
import { defaultKnownHostsFiles, loadHostKeyPolicy } from './host-key-policy';
import type { HostKeyPolicy } from './host-key-policy';
import { describeTarget, localUser } from './target';
import type { Transport } from './transport';
import { TransportError } from './transport';
import { spawnCoderStdio } from './transport-coder';
import { connectTcp } from './transport-tcp';
import type { SpeedtestOptions } from './types';
import { errorMessage, waitAtMost } from '../errors';

export class SessionError extends Error {}

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

/** `networkInfoDir`: where `coder ssh --stdio` reports its path (Coder targets; null: not asked). */
export async function openSession(
  options: SpeedtestOptions,
  signal: AbortSignal,
  networkInfoDir: string | null = null,
): Promise<SshSession> {
  const target = options.target;
  const coder = target.kind === 'coder';
  const connectTimeoutMs = options.connectTimeoutMs ?? (coder ? 20_000 : 10_000);
  const name = describeTarget(target);
  const started = Date.now();

  let policy: HostKeyPolicy | null = null;
  let transport: Transport;
  let username: string;
  try {
    if (target.kind === 'coder') {
      // The workspace agent accepts any user; send the local one, as OpenSSH does with Coder's ssh config.
      username = localUser();
      transport = spawnCoderStdio(
        target.coderPath,
        target.globalArgs,
        target.workspace,
        options.env ?? process.env,
        signal,
        networkInfoDir,
      );
    } else {
      username = target.username;
      policy = await loadHostKeyPolicy(
        target.host,
        target.port,
        options.knownHostsFiles ?? defaultKnownHostsFiles(),
        options.acceptNew === true,
        options.trustHostKey ?? null,
      );
      transport = await connectTcp(target.host, target.port, connectTimeoutMs, signal);
    }
  } catch (err) {
    if (err instanceof TransportError || err instanceof Error) throw new SessionError(err.message);
    throw err;
  }

  let auth;
  try {
    auth = await planAuth({
      username,
      identityFile: options.identityFile,
      agentSocket: (options.env ?? process.env).SSH_AUTH_SOCK,
      defaultKeys: !coder,
      coder,
    });
  } catch (err) {
    await transport.close();
    throw new SessionError(err instanceof AuthSetupError ? err.message : String(err));
  }

  const client = new Client();
  // Tearing the transport down makes ssh2 report a socket error; by then nobody is waiting for one.
  client.on('error', () => undefined);
  let brokenReason: string | null = null;
  let markEnded: () => void = () => undefined;
  const ended = new Promise<void>((r) => (markEnded = r));
  let ready = false;

  const closeAll = async (): Promise<void> => {
    client.end();
    await waitAtMost(transport.close(), 4000);
  };

  try {
    await new Promise<void>((resolve, reject) => {
      const remaining = Math.max(1000, connectTimeoutMs - (Date.now() - started));
      const fail = (message: string): void => {
        cleanup();
        reject(new SessionError(message));
      };
      const explain = (err?: Error & { level?: string }): string => {
        const refusal = policy?.refusal();
        if (refusal) return refusal;
        if (err?.level === 'client-authentication') {
          return coder
            ? `The workspace ${name} refused every login method (tried ${auth.tried.join(', ')}): pass --identity KEYFILE if it needs a key.`
            : `Authentication failed for ${name} (tried ${auth.tried.join(', ') || 'nothing: no key given and no ssh-agent running'}). Check the user name, pass --identity KEYFILE, or load your key into ssh-agent.`;
        }
        const transportSaid = transport.failure();
        if (transportSaid) return transportSaid;
        if (err?.level === 'client-timeout')
          return `No SSH handshake with ${name} within ${Math.round(remaining / 1000)} s.`;
        if (err) return `SSH connection to ${name} failed: ${err.message}`;
        return `The connection to ${name} closed during the SSH handshake.`;
      };
      const onReady = (): void => {
        cleanup();
        resolve();
      };
      // A dying CLI closes its pipe just before it exits: give it a moment to say why.
      const settleThenFail = (err?: Error & { level?: string }): void => {
        if (err?.level === 'client-authentication' || policy?.refusal()) return fail(explain(err));
        void waitAtMost(transport.closed, 500).then(() => fail(explain(err)));
      };
      const onError = (err: Error & { level?: string }): void => settleThenFail(err);
      const onClose = (): void => settleThenFail();
      const onAbort = (): void => fail('Cancelled while connecting');
      const timer = setTimeout(
        () =>
          fail(
            transport.failure() ??
              (coder
                ? `\`coder ssh --stdio ${target.kind === 'coder' ? target.workspace : ''}\` gave no SSH answer within ${Math.round(connectTimeoutMs / 1000)} s: the workspace may be starting or unreachable; try \`coder ping\`.`
                : `No SSH handshake with ${name} within ${Math.round(connectTimeoutMs / 1000)} s.`),
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
      signal.addEventListener('abort', onAbort, { once: true });
      const config: ConnectConfig = {
        sock: transport.sock,
        username,
        authHandler: auth.handler,
        // The tailnet has already authenticated a Coder workspace, as the CLI's own SSH config assumes.
        hostVerifier: policy ? policy.verify : () => true,
        readyTimeout: remaining,
        keepaliveInterval: 0,
      };
      const algorithms = policy?.algorithms ?? [];
      if (algorithms.length > 0)
        config.algorithms = { serverHostKey: algorithms as NonNullable<ConnectConfig['algorithms']>['serverHostKey'] };
      client.connect(config);
    });
    ready = true;
  } catch (err) {
    await closeAll();
    throw err;
  }

  const notes: string[] = [];
  if (policy) {
    try {
      const written = await policy.recordIfNew();
      if (written)
        notes.push(`Trusted the new host key of ${name} (${policy.presentedKey}) and recorded it in ${written}.`);
    } catch (err) {
      notes.push(`Could not record the host key: ${errorMessage(err)}`);
    }
  }

  client.on('error', (err: Error) => {
    brokenReason ??= transport.failure() ?? `The SSH connection broke: ${err.message}`;
    markEnded();
  });
  client.on('close', () => {
    brokenReason ??= transport.failure() ?? 'The SSH connection closed';
    markEnded();
  });

  let closing: Promise<void> | null = null;
  return {
    client,
    transport,
    kind: coder ? 'coder' : 'ssh',
    broken: () => (ready ? brokenReason : 'not connected'),
    ended,
    notes,
    close: () => (closing ??= closeAll()),
  };
}
