import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  cliConfigDir,
  describeDeployment,
  discoverDeployments,
  extensionDeployments,
  loginInFolder,
  matchDeployments,
  normalizeUrl,
  safeHostname,
  type Deployment,
} from '../../../../src/diag/coder/deployments';
import { cliConfigDir as testCliDir, writeCoderLogin } from '../../../support/coder-login';
import { makeFifo, makeLoginStore, type LoginStore } from './login-store';

const TOKEN_A = 'AaAaAaAaAa-0123456789abcdefghijkl';
const TOKEN_B = 'BbBbBbBbBb-0123456789abcdefghijkl';
const TOKEN_C = 'CcCcCcCcCc-0123456789abcdefghijkl';

function deployment(url: string, source: Deployment['source'] = 'coder-extension'): Deployment {
  return { id: safeHostname(url), url, source, configDir: null, legacyTokenFile: null, binDir: null };
}

describe('signed-in deployments', () => {
  let store: LoginStore;
  beforeEach(() => (store = makeLoginStore('wsd-deployments-')));
  afterEach(() => store.remove());

  describe('safeHostname and normalizeUrl', () => {
    it("names a deployment by its host name in ASCII, as the Coder extension's folders do", () => {
      assert.equal(safeHostname('https://coder.example.com:8443/some/path'), 'coder.example.com');
      assert.equal(safeHostname('https://CODER.Example.COM'), 'coder.example.com');
      assert.equal(safeHostname('https://bücher.example'), 'xn--bcher-kva.example');
      assert.equal(safeHostname('http://127.0.0.1:3000'), '127.0.0.1');
    });

    it('keeps an http(s) URL as the CLI stores it, without trailing slashes or surrounding space', () => {
      assert.equal(normalizeUrl('  https://coder.example.com///\n'), 'https://coder.example.com');
      assert.equal(normalizeUrl('http://10.0.0.5:3000/coder/'), 'http://10.0.0.5:3000/coder');
    });

    it('refuses anything that is not a plain http(s) URL', () => {
      const hostile = [
        '',
        '   ',
        'garbage',
        'coder.example.com',
        'javascript:alert(1)',
        'JavaScript://coder.example.com/%0aalert(1)',
        'file:///etc/passwd',
        'ftp://coder.example.com',
        'data:text/html,<script>alert(1)</script>',
        `https://coder.example.com/${'a'.repeat(10 * 1024)}`,
        // Two lines: the URL parser drops the newline, but the text would carry it into every message.
        'https://a.example.com\nhttps://b.example.com',
        'https://coder.example.com/\u0000x',
        'https://coder.example.com/\u001b[31mred',
        'https://user:password@coder.example.com',
      ];
      for (const text of hostile) assert.equal(normalizeUrl(text), null, JSON.stringify(text.slice(0, 60)));
    });
  });

  describe('loginInFolder', () => {
    it('finds url and session, and never reads the token into the result', async () => {
      const dir = writeCoderLogin(path.join(store.root, 'login'), 'https://coder.example.com/', TOKEN_A);
      const found = await loginInFolder(dir, 'explicit', '/bin/dir');
      assert.deepEqual(found, {
        id: 'coder.example.com',
        url: 'https://coder.example.com',
        source: 'explicit',
        configDir: dir,
        legacyTokenFile: null,
        binDir: '/bin/dir',
      });
      assert.equal(JSON.stringify(found).includes(TOKEN_A), false);
    });

    it("takes an older Coder extension's session_token, but prefers session", async () => {
      const dir = path.join(store.root, 'legacy');
      store.file('legacy/url', 'https://old.example.com\n');
      const legacy = store.file('legacy/session_token', `${TOKEN_A}\n`);
      assert.equal((await loginInFolder(dir, 'coder-extension', null))?.legacyTokenFile, legacy);
      writeFileSync(path.join(dir, 'session'), TOKEN_B);
      assert.equal((await loginInFolder(dir, 'coder-extension', null))?.legacyTokenFile, null);
    });

    it('is no login without a session, with an empty one, or without a folder', async () => {
      store.file('nosession/url', 'https://coder.example.com');
      assert.equal(await loginInFolder(path.join(store.root, 'nosession'), 'explicit', null), null);
      store.file('empty/url', 'https://coder.example.com');
      store.file('empty/session', ' \n\t\n');
      assert.equal(await loginInFolder(path.join(store.root, 'empty'), 'explicit', null), null);
      store.file('emptylegacy/url', 'https://coder.example.com');
      store.file('emptylegacy/session', '');
      store.file('emptylegacy/session_token', '\n');
      assert.equal(await loginInFolder(path.join(store.root, 'emptylegacy'), 'explicit', null), null);
      store.file('nourl/session', TOKEN_A);
      assert.equal(await loginInFolder(path.join(store.root, 'nourl'), 'explicit', null), null);
      assert.equal(await loginInFolder(path.join(store.root, 'missing'), 'explicit', null), null);
    });

    it('ignores a url file with garbage, javascript:, 10 KB or 100 KB in it', async () => {
      const urls = [
        '\u0000\u0001\u00ff not a url',
        'javascript:alert(document.cookie)',
        `https://coder.example.com/${'x'.repeat(10 * 1024)}`,
        'https://coder.example.com/'.repeat(4000),
        'https://a.example.com\nhttps://b.example.com\n',
      ];
      for (const [i, url] of urls.entries()) {
        const dir = writeCoderLogin(path.join(store.root, `bad${i}`), 'https://x.example.com', TOKEN_A);
        writeFileSync(path.join(dir, 'url'), url);
        assert.equal(await loginInFolder(dir, 'explicit', null), null, `url #${i}`);
      }
    });

    it('survives symlink loops, folders and pipes where files belong, and unreadable files', async () => {
      const loop = path.join(store.root, 'loop');
      mkdirSync(loop);
      symlinkSync(path.join(loop, 'url'), path.join(loop, 'url'));
      writeFileSync(path.join(loop, 'session'), TOKEN_A);
      assert.equal(await loginInFolder(loop, 'explicit', null), null);

      const sessionLoop = writeCoderLogin(path.join(store.root, 'sessionloop'), 'https://coder.example.com', TOKEN_A);
      const session = path.join(sessionLoop, 'session');
      const other = path.join(sessionLoop, 'session_token');
      writeFileSync(session, '');
      symlinkSync(session + '.a', other);
      symlinkSync(other, session + '.a');
      assert.equal(await loginInFolder(sessionLoop, 'explicit', null), null);

      const dirs = path.join(store.root, 'dirs');
      mkdirSync(path.join(dirs, 'url'), { recursive: true });
      mkdirSync(path.join(dirs, 'session'));
      assert.equal(await loginInFolder(dirs, 'explicit', null), null);

      // A pipe would block a plain read for ever.
      const pipes = writeCoderLogin(path.join(store.root, 'pipes'), 'https://coder.example.com', TOKEN_A);
      await import('node:fs/promises').then((fs) => fs.rm(path.join(pipes, 'session')));
      makeFifo(path.join(pipes, 'session'));
      assert.equal(await loginInFolder(pipes, 'explicit', null), null);

      // Reading /proc/self/mem at offset 0 fails with EIO even for root: an unreadable file.
      const eio = writeCoderLogin(path.join(store.root, 'eio'), 'https://coder.example.com', TOKEN_A);
      await import('node:fs/promises').then((fs) => fs.rm(path.join(eio, 'url')));
      symlinkSync('/proc/self/mem', path.join(eio, 'url'));
      assert.equal(await loginInFolder(eio, 'explicit', null), null);
    });
  });

  describe('cliConfigDir', () => {
    it('follows CODER_CONFIG_DIR, then the platform default', () => {
      assert.equal(cliConfigDir({ CODER_CONFIG_DIR: '/cfg', HOME: '/h' }, 'linux'), '/cfg');
      assert.equal(cliConfigDir({ HOME: '/h' }, 'linux'), path.join('/h', '.config', 'coderv2'));
      assert.equal(cliConfigDir({ HOME: '/h', XDG_CONFIG_HOME: '' }, 'linux'), path.join('/h', '.config', 'coderv2'));
      assert.equal(cliConfigDir({ HOME: '/h', XDG_CONFIG_HOME: '/x' }, 'linux'), path.join('/x', 'coderv2'));
      assert.equal(cliConfigDir({ HOME: '/h' }, 'linux', '/other'), path.join('/other', '.config', 'coderv2'));
      assert.equal(
        cliConfigDir({ HOME: '/Users/me', XDG_CONFIG_HOME: '/x' }, 'darwin'),
        path.join('/Users/me', 'Library', 'Application Support', 'coderv2'),
      );
      assert.equal(
        cliConfigDir({ APPDATA: 'C:/Users/me/AppData/Roaming' }, 'win32', 'C:/Users/me'),
        path.join('C:/Users/me/AppData/Roaming', 'coderv2'),
      );
      assert.equal(cliConfigDir({}, 'win32', 'C:/Users/me'), path.join('C:/Users/me', 'AppData', 'Roaming', 'coderv2'));
    });
  });

  describe('extensionDeployments', () => {
    it('finds one login per host folder, skipping its own folders, with each one its bin folder', async () => {
      store.extensionLogin('prod.example.com', 'https://prod.example.com', TOKEN_A);
      store.extensionLogin('dev.example.com', 'https://dev.example.com:8443/', TOKEN_B);
      for (const own of ['bin', 'net', 'log', 'logs', 'telemetry'])
        store.extensionLogin(own, `https://${own}.example.com`, TOKEN_C);
      store.file('globalStorage/coder.coder-remote/loose.example.com', 'a file, not a folder');
      const found = await extensionDeployments(store.storage);
      assert.deepEqual(
        found.map((d) => [d.id, d.url, d.source, d.configDir, d.binDir]),
        [
          [
            'dev.example.com',
            'https://dev.example.com:8443',
            'coder-extension',
            path.join(store.storage, 'dev.example.com'),
            path.join(store.storage, 'dev.example.com', 'bin'),
          ],
          [
            'prod.example.com',
            'https://prod.example.com',
            'coder-extension',
            path.join(store.storage, 'prod.example.com'),
            path.join(store.storage, 'prod.example.com', 'bin'),
          ],
        ],
      );
      const moved = await extensionDeployments(store.storage, '/opt/coder-bin');
      assert.deepEqual(
        moved.map((d) => d.binDir),
        ['/opt/coder-bin', '/opt/coder-bin'],
      );
    });

    it('skips a folder whose url names another host', async () => {
      store.extensionLogin('coder.example.com', 'https://evil.example.net', TOKEN_A);
      store.extensionLogin('Mixed.Example.com', 'https://mixed.example.com', TOKEN_B);
      store.extensionLogin('xn--bcher-kva.example', 'https://bücher.example', TOKEN_C);
      assert.deepEqual(
        (await extensionDeployments(store.storage)).map((d) => d.id),
        ['mixed.example.com', 'xn--bcher-kva.example'],
      );
    });

    it("includes an older build's single login at the top of the storage folder", async () => {
      writeCoderLogin(store.storage, 'https://single.example.com', TOKEN_A);
      store.extensionLogin('prod.example.com', 'https://prod.example.com', TOKEN_B);
      const found = await extensionDeployments(store.storage);
      assert.deepEqual(
        found.map((d) => [d.id, d.configDir, d.binDir]),
        [
          [
            'prod.example.com',
            path.join(store.storage, 'prod.example.com'),
            path.join(store.storage, 'prod.example.com', 'bin'),
          ],
          ['single.example.com', store.storage, path.join(store.storage, 'bin')],
        ],
      );
    });

    it('copes with a missing storage folder and symlink loops inside it', async () => {
      assert.deepEqual(await extensionDeployments(path.join(store.root, 'nope')), []);
      symlinkSync(path.join(store.storage, 'loop.example.com'), path.join(store.storage, 'loop.example.com'));
      symlinkSync('.', path.join(store.storage, 'self.example.com'));
      store.extensionLogin('ok.example.com', 'https://ok.example.com', TOKEN_A);
      assert.deepEqual(
        (await extensionDeployments(store.storage)).map((d) => d.id),
        ['ok.example.com'],
      );
    });
  });

  describe('discoverDeployments', () => {
    it('lists the environment, then the CLI store, then each storage folder, once per URL', async () => {
      writeCoderLogin(testCliDir(store.home), 'https://cli.example.com', TOKEN_B);
      store.extensionLogin('cli.example.com', 'https://CLI.example.com/', TOKEN_C);
      store.extensionLogin('env.example.com', 'https://env.example.com', TOKEN_C);
      store.extensionLogin('ext.example.com', 'https://ext.example.com', TOKEN_C);
      const second = path.join(store.root, 'other-editor', 'coder.coder-remote');
      writeCoderLogin(path.join(second, 'ext.example.com'), 'https://ext.example.com', TOKEN_A);
      writeCoderLogin(path.join(second, 'insiders.example.com'), 'https://insiders.example.com', TOKEN_A);
      const env = { HOME: store.home, CODER_URL: 'https://env.example.com/', CODER_SESSION_TOKEN: TOKEN_A };
      const found = await discoverDeployments({ storageDirs: [store.storage, second], env, platform: 'linux' });
      assert.deepEqual(
        found.map((d) => [d.source, d.url, d.configDir]),
        [
          ['environment', 'https://env.example.com', null],
          ['cli-config', 'https://cli.example.com', testCliDir(store.home)],
          ['coder-extension', 'https://ext.example.com', path.join(store.storage, 'ext.example.com')],
          ['coder-extension', 'https://insiders.example.com', path.join(second, 'insiders.example.com')],
        ],
      );
    });

    it('counts a URL written with its default port or other case as the same deployment', async () => {
      writeCoderLogin(testCliDir(store.home), 'https://coder.example.com:443', TOKEN_B);
      store.extensionLogin('coder.example.com', 'https://Coder.Example.com', TOKEN_C);
      const found = await discoverDeployments({
        storageDirs: [store.storage],
        env: { HOME: store.home },
        platform: 'linux',
      });
      assert.deepEqual(
        found.map((d) => d.source),
        ['cli-config'],
      );
    });

    it('needs both CODER_URL and CODER_SESSION_TOKEN, and an http(s) CODER_URL', async () => {
      const tries: NodeJS.ProcessEnv[] = [
        { HOME: store.home, CODER_URL: 'https://env.example.com' },
        { HOME: store.home, CODER_URL: 'https://env.example.com', CODER_SESSION_TOKEN: '' },
        { HOME: store.home, CODER_SESSION_TOKEN: TOKEN_A },
        { HOME: store.home, CODER_URL: 'javascript:alert(1)', CODER_SESSION_TOKEN: TOKEN_A },
      ];
      for (const env of tries)
        assert.deepEqual(await discoverDeployments({ storageDirs: [], env, platform: 'linux' }), []);
    });

    it('reads the CLI store from CODER_CONFIG_DIR or XDG_CONFIG_HOME, never from a legacy session_token', async () => {
      const custom = writeCoderLogin(path.join(store.root, 'custom'), 'https://custom.example.com', TOKEN_A);
      const xdg = path.join(store.root, 'xdg');
      writeCoderLogin(path.join(xdg, 'coderv2'), 'https://xdg.example.com', TOKEN_A);
      const byDir = await discoverDeployments({
        storageDirs: [],
        env: { HOME: store.home, CODER_CONFIG_DIR: custom, XDG_CONFIG_HOME: xdg },
        platform: 'linux',
      });
      assert.deepEqual(
        byDir.map((d) => d.url),
        ['https://custom.example.com'],
      );
      const byXdg = await discoverDeployments({
        storageDirs: [],
        env: { HOME: store.home, XDG_CONFIG_HOME: xdg },
        platform: 'linux',
      });
      assert.deepEqual(
        byXdg.map((d) => d.url),
        ['https://xdg.example.com'],
      );

      store.file('home/.config/coderv2/url', 'https://legacy.example.com');
      store.file('home/.config/coderv2/session_token', TOKEN_A);
      assert.deepEqual(
        await discoverDeployments({ storageDirs: [], env: { HOME: store.home }, platform: 'linux' }),
        [],
      );
    });

    it('finds the CLI store where macOS keeps it', async () => {
      writeCoderLogin(
        path.join(store.home, 'Library', 'Application Support', 'coderv2'),
        'https://mac.example.com',
        TOKEN_A,
      );
      const found = await discoverDeployments({ storageDirs: [], env: { HOME: store.home }, platform: 'darwin' });
      assert.deepEqual(
        found.map((d) => [d.source, d.url]),
        [['cli-config', 'https://mac.example.com']],
      );
    });
  });

  describe('matchDeployments and describeDeployment', () => {
    const all = [
      deployment('https://coder.example.com'),
      deployment('https://coder.example.com:8443', 'cli-config'),
      deployment('https://dev.example.com/coder', 'environment'),
      deployment('https://bücher.example', 'explicit'),
    ];
    const urls = (query: string): string[] => matchDeployments(all, query).map((d) => d.url);

    it('matches the URL, the host with or without its port, and the folder name, in any case', () => {
      assert.deepEqual(urls('https://coder.example.com/'), ['https://coder.example.com']);
      assert.deepEqual(urls(' HTTPS://CODER.EXAMPLE.COM '), ['https://coder.example.com']);
      assert.deepEqual(urls('coder.example.com:8443'), ['https://coder.example.com:8443']);
      assert.deepEqual(urls('coder.example.com'), ['https://coder.example.com', 'https://coder.example.com:8443']);
      assert.deepEqual(urls('https://dev.example.com/coder'), ['https://dev.example.com/coder']);
      assert.deepEqual(urls('dev.example.com'), ['https://dev.example.com/coder']);
      assert.deepEqual(urls('xn--bcher-kva.example'), ['https://bücher.example']);
    });

    it('matches a host written in Unicode or with its default port', () => {
      assert.deepEqual(urls('bücher.example'), ['https://bücher.example']);
      assert.deepEqual(urls('https://bücher.example'), ['https://bücher.example']);
      assert.deepEqual(urls('https://coder.example.com:443'), ['https://coder.example.com']);
    });

    it('matches nothing for other hosts or garbage, without throwing', () => {
      for (const query of [
        '',
        'example.com',
        'coder',
        'https://coder.example.com.evil.net',
        'javascript:alert(1)',
        '\u0000',
        '%%%',
        'x'.repeat(10_000),
      ])
        assert.deepEqual(urls(query), [], JSON.stringify(query.slice(0, 20)));
    });

    it('says where each login comes from', () => {
      assert.deepEqual(all.map(describeDeployment), [
        'coder.example.com (https://coder.example.com, Coder extension)',
        'coder.example.com (https://coder.example.com:8443, Coder CLI login)',
        'dev.example.com (https://dev.example.com/coder, CODER_URL)',
        'xn--bcher-kva.example (https://bücher.example, --global-config)',
      ]);
    });
  });
});
