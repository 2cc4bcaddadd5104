// The readable report `wsdoctor check` prints.
import { printable } from '../printable';
import type { Report, Side } from '../model';
import { derpRegionTable } from './derp-table';
import { describePath, ms, SIDE_TITLES, STATUS_MARKS } from './format';
import { netcheckTitle, netcheckFacts, unreadableNote, warningLine } from './netcheck-facts';
import { orderedProbes, summariseProbe } from './probe-summary';
import type { ProbeTable } from './probes';

/** Columns padded to their widest cell (measured once the cells are safe to print). */
function tableLines(table: ProbeTable): string[] {
  const all = [table.columns, ...table.rows].map((row) => row.map(printable));
  const widths = table.columns.map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)));
  return all.map((row) => `  ${row.map((cell, i) => cell.padEnd(widths[i])).join('  ')}`.trimEnd());
}

function netcheckLines(report: Report): string[] {
  const out: string[] = [];
  const n = report.netcheck;
  if (n) {
    out.push('', `${netcheckTitle()}:`);
    for (const [label, value] of netcheckFacts(n)) out.push(`  ${label}: ${value}`);
    if (n.warnings.length > 0) {
      out.push('  Warnings:');
      for (const w of n.warnings) out.push(`    ! ${warningLine(w)}`);
    }
    const note = unreadableNote(n);
    if (note) out.push(`  ${note}`);
  }
  const derp = derpRegionTable(report.probes, n);
  if (derp) out.push('', `${derp.title}:`, ...tableLines(derp));
  return out;
}

export function toText(report: Report): string {
  const out: string[] = [];
  const p = report.pings;
  out.push(`Workspace: ${report.workspace || '(none: local probes only)'}`);
  if (report.cli) out.push(`Coder CLI: ${report.cli.version ?? 'unknown version'} (${report.cli.path})`);
  if (report.cli?.note) out.push(`  ${STATUS_MARKS.warn} ${report.cli.note}`);
  if (report.cli?.deployment) out.push(`Deployment: ${report.cli.deployment}`);
  const localOnly = report.workspace === '';
  if (!localOnly) out.push(`Path: ${describePath(report.path)}`);
  if (report.p2pEstablishedMs !== null)
    out.push(`Direct connection established after ${ms(report.p2pEstablishedMs, 0)}`);
  if (p.sent > 0) {
    const loss = ((p.sent - p.received) / p.sent) * 100;
    out.push(
      `Pings: ${p.received}/${p.sent} answered (${p.timedOut} timed out, ${p.failed} failed, ${loss.toFixed(0)}% loss); ` +
        `min ${ms(p.minMs)} / avg ${ms(p.avgMs)} / max ${ms(p.maxMs)} / jitter ${ms(p.jitterMs)}`,
    );
  }
  if (report.checks.length > 0) {
    out.push('', 'Checks:');
    for (const c of report.checks) out.push(`  ${STATUS_MARKS[c.status]} ${c.message}`);
  }
  const sides: Side[] = ['general', 'client', 'agent'];
  for (const side of sides) {
    const issues = report.issues.filter((i) => i.side === side);
    if (issues.length === 0) continue;
    out.push('', `Issues (${SIDE_TITLES[side].toLowerCase()}):`);
    for (const i of issues) {
      out.push(`  ! ${i.message}`, `    ${i.docs}`);
      if (i.cliText && i.id === 'cli-other') out.push(`    Coder CLI said: ${i.cliText}`);
    }
  }
  if (report.probes.length > 0) {
    out.push('', 'Probes of this machine:');
    for (const probe of orderedProbes(report.probes)) out.push(`  ${probe.name}: ${summariseProbe(probe)}`);
  }
  out.push(...netcheckLines(report));
  if (report.issues.length === 0) {
    if (report.path.kind === 'p2p') out.push('', 'No issues found: the connection is direct.');
    else if (localOnly) {
      const skipped = report.probes.filter((pr) => !pr.ran).length;
      out.push(
        '',
        skipped > 0
          ? `No issues found by the probes that ran (${skipped} could not run; see above).`
          : 'No issues found on this machine.',
      );
    }
  }
  const failed = report.sources.filter((s) => !s.ok);
  if (failed.length > 0) {
    out.push('', 'Could not complete:');
    // An error may span lines (e.g. the list of signed-in deployments): kept, indented under its source.
    for (const s of failed) {
      const [first, ...more] = (s.error ?? 'failed').split(/\r?\n/);
      out.push(`  ✘ ${s.source}: ${first}`, ...more.map((line) => `    ${line}`));
    }
  }
  // Names, versions, errors and warnings come from the CLI, the deployment or the network: every
  // line is made safe to print, so none can carry a terminal escape or break into a second line.
  return out.map(printable).join('\n') + '\n';
}
