// Beside each panel bundle, the list of the l10n.t messages it can show: dist/webview/<name>.l10n.json.
// esbuild's metafile names every source file that put bytes into the bundle; their messages, found
// as scripts/l10n-extract.mjs finds them, are the panel's own texts and the engine texts it makes.
// The host sends a panel the translations of these messages only, not the whole bundle.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { extractFrom } from '../l10n-extract.mjs';

/** Our own source files (not packages) with bytes in `output`. */
function sourceInputs(output) {
  return Object.entries(output.inputs ?? {})
    .filter(([input, use]) => use.bytesInOutput > 0 && !input.replaceAll('\\', '/').includes('node_modules/'))
    .map(([input]) => input)
    .sort();
}

/** Each JavaScript output of `metafile` with the messages of its sources; a message that is no literal fails. */
export function panelMessages(metafile) {
  const lists = new Map();
  for (const [out, output] of Object.entries(metafile.outputs ?? {})) {
    if (!out.endsWith('.js')) continue;
    const { messages, problems } = extractFrom(sourceInputs(output), '.');
    if (problems.length > 0) throw new Error(`panel messages of ${out}: not extractable: ${problems.join('; ')}`);
    lists.set(out, messages);
  }
  return lists;
}

/** Writes <output>.l10n.json beside each JavaScript output; the number of files written. */
export function writePanelMessages(metafile) {
  const lists = panelMessages(metafile);
  for (const [out, messages] of lists)
    writeFileSync(out.replace(/\.js$/, '.l10n.json'), JSON.stringify(messages, null, 1) + '\n');
  return lists.size;
}

// `node panel-messages.mjs META.json`: the same from a metafile saved on disk (paths relative to the cwd).
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const [meta] = process.argv.slice(2);
  if (!meta || !existsSync(meta)) {
    console.error('usage: node scripts/build/panel-messages.mjs META.json');
    process.exit(2);
  }
  try {
    writePanelMessages(JSON.parse(readFileSync(meta, 'utf8')));
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
}
