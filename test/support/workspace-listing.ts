// Generates `coder list -o json` output of a big deployment, shaped like the real CLI's (agents,
// resources, a startup script per agent), for tests that must not commit megabytes.

export interface ListingOptions {
  /** How many workspaces. */
  count: number;
  /** The startup script's length of the one workspace that has a huge one (index `hugeAt`). */
  hugeScriptChars?: number;
  hugeAt?: number;
  /** The status of workspace i (running by default). */
  statusOf?: (i: number) => string;
}

export const workspaceName = (i: number): string => `ws-${String(i).padStart(5, '0')}`;

/** A script with quotes, backslashes, escapes and non-ASCII, `chars` long. */
export function startupScript(chars: number): string {
  const piece = '#!/bin/sh\necho "héllo \\ wörld" \t# ✓ \u2028\n';
  return piece.repeat(Math.ceil(chars / piece.length)).slice(0, chars);
}

function workspace(i: number, options: ListingOptions): unknown {
  const script = startupScript(i === (options.hugeAt ?? -1) ? (options.hugeScriptChars ?? 0) : 600);
  return {
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    created_at: '2024-11-18T10:00:00.000000Z',
    owner_id: 'a1b2c3d4-0000-4000-8000-000000000000',
    owner_name: `user${i % 97}`,
    organization_name: 'coder',
    template_name: 'kubernetes',
    name: workspaceName(i),
    latest_build: {
      status: options.statusOf?.(i) ?? 'running',
      transition: 'start',
      build_number: 42,
      resources: [
        {
          type: 'kubernetes_deployment',
          name: 'main',
          agents: [
            {
              name: 'main',
              status: 'connected',
              operating_system: 'linux',
              architecture: 'amd64',
              startup_script: script,
              environment_variables: { GIT_AUTHOR_NAME: 'A. User', name: 'not the workspace' },
              apps: [{ slug: 'code-server', display_name: 'code-server', health: 'healthy' }],
            },
          ],
          metadata: [{ key: 'cpu', value: '4', sensitive: false }],
        },
      ],
    },
    health: { healthy: true, failing_agents: [] },
    autostart_schedule: null,
    ttl_ms: 28800000,
    favorite: false,
  };
}

/** The listing as the CLI prints it (indented JSON), one workspace at a time. */
export function* listingPieces(options: ListingOptions): Generator<string> {
  yield '[\n';
  for (let i = 0; i < options.count; i++) {
    const text = JSON.stringify(workspace(i, options), null, 2).replace(/^/gm, '  ');
    yield text + (i < options.count - 1 ? ',\n' : '\n');
  }
  yield ']\n';
}
