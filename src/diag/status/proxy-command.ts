// Recognises the `coder` process that serves one SSH host as Remote-SSH's ProxyCommand, from its
// arguments alone (argv[0] may be any path or name):
//   coder [global flags] ssh --stdio ... --network-info-dir DIR ... <host>
//   coder [global flags] vscodessh --network-info-dir DIR ... <host>      (older Coder extensions)
// Only such a process writes `DIR/<its pid>.json`; the plain `ssh` client, shells and other
// windows' proxies do not count.

const SUBCOMMANDS = new Set(['ssh', 'vscodessh']);
const DIR_FLAG = '--network-info-dir';

/** The `--network-info-dir` of a ProxyCommand for exactly `sshHost`, else null. */
export function proxyNetworkInfoDir(argv: readonly string[], sshHost: string): string | null {
  if (sshHost === '' || sshHost.startsWith('-')) return null;
  const sub = argv.findIndex((arg, i) => i > 0 && SUBCOMMANDS.has(arg));
  if (sub < 0) return null;
  const args = argv.slice(sub + 1);
  if (argv[sub] === 'ssh' && !args.some((a) => a === '--stdio' || a === '--stdio=true')) return null;
  let dir: string | null = null;
  let dirIndex = -1;
  for (const [i, arg] of args.entries()) {
    if (arg === DIR_FLAG && i + 1 < args.length) [dir, dirIndex] = [args[i + 1], i + 1];
    else if (arg.startsWith(`${DIR_FLAG}=`)) dir = arg.slice(DIR_FLAG.length + 1);
  }
  if (!dir) return null;
  // The host must be an argument of its own, not the directory's value.
  return args.some((arg, i) => arg === sshHost && i !== dirIndex) ? dir : null;
}
