// Turns the CLI's error text into a next step the user can take.
import { l10n } from '../l10n';
import { newerCliSource } from './old-cli';

/** The deployment a refused login was for, so the hint can name it. */
export interface LoginTarget {
  id: string;
  url: string;
}

// Status codes as whole numbers: a workspace called build-4013 is not a refused login.
const LOGIN_REFUSED = /not logged in|unauthori[sz]ed|\b401\b|session token|signed out|coder login/i;

/** Where to sign in, named for the deployment: the Coder extension's login, or the CLI's. */
export function signInHint(deployment: LoginTarget | null | undefined): string {
  if (!deployment)
    return l10n.t('Sign in through the Coder extension (Coder: Login) or with `coder login <deployment url>`.');
  return l10n.t(
    'Sign in to {0} through the Coder extension (Coder: Login) or with `coder login {1}`.',
    deployment.id,
    deployment.url,
  );
}

// Each hint is made when given, in the user's language.
const HINTS: { pattern: RegExp; hint: () => string }[] = [
  {
    pattern: /workspace .*(is )?(stopped|not running)|must be running|status: stopped/i,
    hint: () => l10n.t('Start the workspace (`coder start <workspace>`) and run the check again.'),
  },
  {
    pattern: /not found|does not exist|no workspace|\b404\b/i,
    hint: () => l10n.t("Check the workspace name (`coder list` shows yours; use owner/name for someone else's)."),
  },
  {
    pattern: /multiple agents|agent name/i,
    hint: () => l10n.t('This workspace has several agents: use <workspace>.<agent>.'),
  },
  {
    pattern: /unknown (command|flag|shorthand flag)/i,
    hint: () => l10n.t('This Coder CLI is too old for this command: update it, {0}.', newerCliSource()),
  },
  {
    pattern: /dial|connection refused|no such host|i\/o timeout|network is unreachable/i,
    hint: () => l10n.t('The deployment could not be reached: check your network or VPN.'),
  },
];

/** True when the CLI's error says the login is missing or was refused. */
export function isLoginRefused(stderr: string): boolean {
  return LOGIN_REFUSED.test(stderr);
}

export function cliErrorHint(stderr: string, deployment?: LoginTarget | null): string | undefined {
  if (LOGIN_REFUSED.test(stderr)) return signInHint(deployment);
  return HINTS.find((h) => h.pattern.test(stderr))?.hint();
}
