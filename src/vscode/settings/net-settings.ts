// How our own calls reach the network in the editor: VS Code's proxy settings and the Coder
// extension's TLS and header settings, over what the environment says, the way the Coder extension
// applies them to its own calls. Pure (config-reader.ts hands it the user's values), so tests need no editor.
import { expandPath } from '../../diag/coder/global-flags';
import { netSettingsFromEnv, type NetSettings } from '../../diag/net/settings';

/** A user setting's value, e.g. `user('http', 'proxy')`; undefined when the user has not set it. */
export type UserSetting = (section: 'http' | 'coder', key: string) => unknown;

/** Comma- or space-separated, as the Coder extension reads coder.proxyBypass. */
const bypassList = (text: string): string[] => text.split(/[,\s]+/).filter((s) => s !== '');

export function editorNetSettings(user: UserSetting, env: NodeJS.ProcessEnv): NetSettings {
  const net = netSettingsFromEnv(env);
  const text = (section: 'http' | 'coder', key: string): string | undefined => {
    const v = user(section, key);
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
  };
  const path = (key: string): string | undefined => {
    const v = text('coder', key);
    return v ? expandPath(v, env) : undefined;
  };
  // With http.proxySupport "off" VS Code's proxy settings are left out, as the Coder extension leaves
  // them out; the environment's still count.
  if (user('http', 'proxySupport') !== 'off') {
    const proxy = text('http', 'proxy');
    if (proxy) Object.assign(net, { httpsProxy: proxy, httpProxy: proxy });
    const noProxy = user('http', 'noProxy');
    const bypass = text('coder', 'proxyBypass');
    const fromSettings = bypass
      ? bypassList(bypass)
      : Array.isArray(noProxy)
        ? noProxy.filter((s): s is string => typeof s === 'string' && s.trim() !== '').map((s) => s.trim())
        : [];
    if (fromSettings.length > 0) net.noProxy = fromSettings;
  }
  if (user('http', 'proxyStrictSSL') === false) net.proxyStrictSsl = false;
  const caFile = path('tlsCaFile');
  if (caFile) net.caFiles = [caFile, ...(net.caFiles ?? [])];
  const cert = path('tlsCertFile');
  const key = path('tlsKeyFile');
  if (cert) net.clientCertFile = cert;
  if (key) net.clientKeyFile = key;
  const altHost = text('coder', 'tlsAltHost');
  if (altHost) net.altHost = altHost;
  if (user('coder', 'insecure') === true) net.insecure = true;
  // As the Coder extension builds the CLI's flags: a --header-command in coder.globalFlags wins.
  const headerCommand = headerCommandIn(user('coder', 'globalFlags')) ?? text('coder', 'headerCommand');
  if (headerCommand) net.headerCommand = headerCommand;
  return net;
}

/** The value of `--header-command X`, `--header-command=X` or `"--header-command X"` in coder.globalFlags. */
function headerCommandIn(flags: unknown): string | undefined {
  if (!Array.isArray(flags)) return undefined;
  for (let i = 0; i < flags.length; i++) {
    const flag: unknown = flags[i];
    if (typeof flag !== 'string') continue;
    const inline = /^--header-command[= ](.+)$/s.exec(flag.trim());
    const value = inline ? inline[1] : flag.trim() === '--header-command' ? flags[i + 1] : undefined;
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return undefined;
}
