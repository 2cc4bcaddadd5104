// Finds every `l10n.t('…')` message in src and keeps the bundles in l10n/ in step with them (there is
// no @vscode/l10n-dev in the dependencies). Writes l10n/bundle.l10n.json, the English bundle (each
// message is its own key and text), and reports each translation's missing and stale keys.
//   node scripts/l10n-extract.mjs           write the English bundle, report the translations
//   node scripts/l10n-extract.mjs --check   write nothing; exit 1 if any bundle is out of step
//   node scripts/l10n-extract.mjs --list [--root DIR]   print {messages, problems} as JSON
// A message must be one plain string literal (no `${}`), so that it can be looked up: anything
// else is a problem, reported with its place.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CALL = /\bl10n\s*\.\s*t\(/g;
const ESCAPES = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', v: '\v', 0: '\0' };

/** The string literal starting at `start` (a quote), or an error saying why it is not a plain one. */
function readLiteral(text, start) {
  const quote = text[start];
  if (quote !== "'" && quote !== '"' && quote !== '`') return { error: 'the message is not a string literal' };
  let value = '';
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (c === quote) return { value };
    if (c === '\n' && quote !== '`') break;
    if (quote === '`' && c === '$' && text[i + 1] === '{') return { error: 'the message is a template with ${}' };
    if (c !== '\\') {
      value += c;
      continue;
    }
    const e = text[++i];
    if (e === 'u') {
      const braced = text[i + 1] === '{';
      const hex = braced ? text.slice(i + 2, text.indexOf('}', i)) : text.slice(i + 1, i + 5);
      value += String.fromCodePoint(parseInt(hex, 16));
      i += braced ? hex.length + 2 : 4;
    } else if (e === 'x') {
      value += String.fromCharCode(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (e === '\n') {
      // A line continuation adds nothing.
    } else value += ESCAPES[e] ?? e;
  }
  return { error: 'the string literal does not end' };
}

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** Every message under `root` (sorted, each once) and every call that is not a plain literal. */
export function extract(root) {
  return extractFrom(sourceFiles(root).sort(), root);
}

/** The same for the given source files; problems name their place relative to `base`. */
export function extractFrom(files, base) {
  const messages = new Set();
  const problems = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(CALL)) {
      let at = m.index + m[0].length;
      while (/\s/.test(text[at] ?? '')) at++;
      const literal = readLiteral(text, at);
      const line = text.slice(0, m.index).split('\n').length;
      if (literal.error) problems.push(`${relative(base, file)}:${line}: ${literal.error}`);
      else messages.add(literal.value);
    }
  }
  return { messages: [...messages].sort(), problems };
}

/** Keys of a bundle that the sources no longer use, and messages it lacks. */
function compare(bundle, messages) {
  const keys = Object.keys(bundle);
  return {
    missing: messages.filter((m) => !Object.hasOwn(bundle, m)),
    stale: keys.filter((k) => !messages.includes(k)),
  };
}

function main(args) {
  const rootAt = args.indexOf('--root');
  const root = rootAt >= 0 ? resolve(args[rootAt + 1]) : join(REPO, 'src');
  const { messages, problems } = extract(root);
  if (args.includes('--list')) {
    process.stdout.write(JSON.stringify({ messages, problems }, null, 2) + '\n');
    return 0;
  }
  let ok = problems.length === 0;
  for (const p of problems) console.error(`not extractable: ${p}`);

  const l10nDir = join(REPO, 'l10n');
  const englishFile = join(l10nDir, 'bundle.l10n.json');
  const english = JSON.stringify(Object.fromEntries(messages.map((m) => [m, m])), null, 2) + '\n';
  if (args.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(englishFile, 'utf8');
    } catch {
      // Missing: reported below like an outdated one.
    }
    if (current !== english) {
      console.error('l10n/bundle.l10n.json is out of date: run node scripts/l10n-extract.mjs');
      ok = false;
    }
  } else {
    writeFileSync(englishFile, english);
    console.log(`l10n/bundle.l10n.json: ${messages.length} messages`);
  }

  for (const name of readdirSync(l10nDir).filter((n) => /^bundle\.l10n\.[\w-]+\.json$/.test(n))) {
    const { missing, stale } = compare(JSON.parse(readFileSync(join(l10nDir, name), 'utf8')), messages);
    for (const m of missing) console.error(`${name}: no translation of ${JSON.stringify(m)}`);
    for (const k of stale) console.error(`${name}: stale key ${JSON.stringify(k)}`);
    if (missing.length + stale.length > 0) ok = false;
    else console.log(`${name}: complete`);
  }
  return ok ? 0 : 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
