import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { cliErrorHint, signInHint } from '../../../../src/diag/coder/cli-errors';
import { fixture } from '../../../support/paths';

const PROD = { id: 'prod.example.com', url: 'https://prod.example.com:8443' };

describe('hints from Coder CLI errors', () => {
  it('names the deployment to sign in to, or says how to find one', () => {
    assert.equal(
      signInHint(PROD),
      'Sign in to prod.example.com through the Coder extension (Coder: Login) or with `coder login https://prod.example.com:8443`.',
    );
    for (const none of [null, undefined]) {
      const hint = signInHint(none);
      assert.match(hint, /Coder: Login/);
      assert.match(hint, /coder login <deployment url>/);
    }
  });

  it("recognises the CLI's refused logins and sends the user to sign in to that deployment", () => {
    const refused = [
      "error: You are not logged in. Try logging in using 'coder login <url>'.",
      'error: GET https://prod.example.com:8443/api/v2/users/me: unexpected status code 401: You are signed out or your session has expired. Please sign in again to continue.',
      'Unauthorized: session token is invalid',
      'unauthorised',
    ];
    for (const stderr of refused) assert.equal(cliErrorHint(stderr, PROD), signInHint(PROD), stderr);
    assert.equal(cliErrorHint(refused[0]), signInHint(null));
  });

  it('gives the next step for a stopped or unknown workspace, several agents, an old CLI and no network', () => {
    const cases: [string, RegExp][] = [
      ['workspace "dev" is stopped', /coder start/],
      ['Workspace must be running', /coder start/],
      [readFileSync(fixture('fake-coder/stopped.stderr.txt'), 'utf8'), /coder start/],
      ['error: workspace "dev" not found: 404 Resource not found', /coder list/],
      ['multiple agents found, please specify the agent name', /<workspace>\.<agent>/],
      ['unknown flag: --time', /too old/],
      ['dial tcp 10.0.0.1:443: connect: connection refused', /network or VPN/],
      ['lookup prod.example.com: no such host', /network or VPN/],
    ];
    for (const [stderr, hint] of cases) assert.match(cliErrorHint(stderr, PROD) ?? '', hint, stderr);
    assert.equal(cliErrorHint('', PROD), undefined);
    assert.equal(cliErrorHint('something nobody expected', PROD), undefined);
  });

  it('does not take a number that merely contains 401 or 404 for a refused login or a missing workspace', () => {
    assert.equal(
      cliErrorHint('workspace "build-4013" is stopped', PROD),
      'Start the workspace (`coder start <workspace>`) and run the check again.',
    );
    assert.equal(cliErrorHint('ping took 1401ms, then the agent went away'), undefined);
    assert.equal(
      cliErrorHint('dial tcp 10.4.0.4:4040: i/o timeout', PROD),
      'The deployment could not be reached: check your network or VPN.',
    );
  });
});
