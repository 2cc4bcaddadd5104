// Which SSH authentication methods to try, in order, and how to explain a failure.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { utils } from 'ssh2';
import type { AnyAuthMethod, AuthHandlerMiddleware, ParsedKey } from 'ssh2';
import { l10n } from '../l10n';

export interface AuthPlan {
  handler: AuthHandlerMiddleware;
  /** What was tried, for the failure message, e.g. ["key ~/.ssh/id_ed25519", "ssh-agent"]. */
  tried: string[];
}

interface AuthPlanOptions {
  username: string;
  identityFile?: string;
  /** SSH_AUTH_SOCK, when an agent is running. */
  agentSocket?: string;
  /** Try the usual ~/.ssh/id_* keys when no identity file is given. */
  defaultKeys: boolean;
  /** Coder workspaces: their agent accepts any client, so start with "none", then a throwaway key. */
  coder: boolean;
  home?: string;
  /** How messages tell the user to give a key file (SpeedtestFrontEnd.keyFileOption). */
  keyFileOption: string;
}

export class AuthSetupError extends Error {}

function parsePrivateKey(data: Buffer, file: string, strict: boolean, keyFileOption: string): ParsedKey | null {
  const parsed = utils.parseKey(data);
  const fail = (message: string): null => {
    if (strict) throw new AuthSetupError(message);
    return null;
  };
  if (parsed instanceof Error) {
    if (/passphrase|encrypted/i.test(parsed.message)) {
      return fail(
        l10n.t(
          '{0} is protected by a passphrase: load it into ssh-agent (`ssh-add {0}`) and run again without {1}.',
          file,
          keyFileOption,
        ),
      );
    }
    return fail(l10n.t('{0} is not a private key ssh can use ({1}).', file, parsed.message));
  }
  const key = Array.isArray(parsed) ? (parsed[0] as ParsedKey | undefined) : parsed;
  if (!key || key.isPrivateKey() === false)
    return fail(
      l10n.t('{0} holds no private key: {1} needs the private half, not the .pub file.', file, keyFileOption),
    );
  return key;
}

async function readKey(file: string, strict: boolean, keyFileOption: string): Promise<ParsedKey | null> {
  let data: Buffer;
  try {
    data = await fs.readFile(file);
  } catch (err) {
    if (!strict) return null;
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new AuthSetupError(l10n.t('Cannot read the key {0} ({1}).', file, code));
  }
  return parsePrivateKey(data, file, strict, keyFileOption);
}

export async function planAuth(o: AuthPlanOptions): Promise<AuthPlan> {
  const methods: Array<{ label: string; make: () => AnyAuthMethod }> = [];
  const username = o.username;
  if (o.coder) methods.push({ label: l10n.t('no authentication'), make: () => ({ type: 'none', username }) });
  if (o.identityFile) {
    const key = await readKey(o.identityFile, true, o.keyFileOption);
    if (key)
      methods.push({ label: l10n.t('key {0}', o.identityFile), make: () => ({ type: 'publickey', username, key }) });
  } else if (o.defaultKeys) {
    const home = o.home ?? os.homedir();
    for (const name of ['id_ed25519', 'id_ecdsa', 'id_rsa']) {
      const file = path.join(home, '.ssh', name);
      const key = await readKey(file, false, o.keyFileOption);
      if (key) methods.push({ label: l10n.t('key {0}', file), make: () => ({ type: 'publickey', username, key }) });
    }
  }
  if (o.agentSocket)
    methods.push({ label: 'ssh-agent', make: () => ({ type: 'agent', username, agent: o.agentSocket ?? '' }) });
  if (o.coder) {
    methods.push({
      label: l10n.t('a one-off key'),
      make: () => ({ type: 'publickey', username, key: utils.generateKeyPairSync('ed25519').private }),
    });
  }
  const tried: string[] = [];
  let next = 0;
  const handler: AuthHandlerMiddleware = (_left, _partial, done) => {
    const m = methods[next++];
    // ssh2 takes `false` as "no more methods"; its typings only list the methods themselves.
    if (!m) return done(false as unknown as AnyAuthMethod);
    tried.push(m.label);
    done(m.make());
  };
  return { handler, tried };
}
