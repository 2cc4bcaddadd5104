// Every context key the extension sets for package.json's `when` clauses, by name: the one place a
// key is spelled out (a unit test holds the manifest's `wsdoctor.*` keys to this list). No `vscode`
// import, so tests can read it; `set-context.ts` sets them.

export const CONTEXT_KEYS = {
  /** A connection report exists (this run's or one kept from before): Copy report can run. */
  hasReport: 'wsdoctor.hasReport',
  /** The speed test panel's target is a Coder workspace, so its connection can be checked. */
  speedtestOnWorkspace: 'wsdoctor.speedtest.onWorkspace',
  /** A refresh of the Workspaces view runs: its title bar shows Cancel instead of Refresh. */
  fleetRefreshing: 'wsdoctor.fleet.refreshing',
} as const;

export type ContextKey = (typeof CONTEXT_KEYS)[keyof typeof CONTEXT_KEYS];
