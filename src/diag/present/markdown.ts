// The connection report as Markdown, for the clipboard and issue trackers. Pure: Report in, text out.
// Every piece of text that came from outside (names, regions, CLI wording) is escaped.
import { issueTitle } from '../catalogue';
import { inEnglish } from '../l10n';
import type { Report } from '../model';
import {
  CHECK_GLYPH,
  formatLoss,
  formatMs,
  issuesBySide,
  pathSentence,
  relayUnexplained,
  relayUnexplainedAdvice,
  safeDocsUrl,
} from './labels';
import { derpRegionTable } from './derp-table';
import { netcheckTitle, netcheckFacts, unreadableNote, warningLine } from './netcheck-facts';
import { summariseProbe } from './probe-summary';
import { mdCode, mdText } from './markdown-text';
import { probeView } from './probes';
import type { ProbeTable } from './probes';
import { timelineMarkdownSection } from './timeline-text';
import type { ReportTimeline } from './timeline-text';

function cell(text: string): string {
  return mdText(text);
}

function mdTable(table: ProbeTable): string[] {
  return [
    `${mdText(table.title)}:`,
    '',
    `| ${table.columns.map(cell).join(' | ')} |`,
    `|${table.columns.map(() => ' --- |').join('')}`,
    ...table.rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
    '',
  ];
}

function netcheckSection(report: Report): string[] {
  const out: string[] = [];
  const n = report.netcheck;
  if (n) {
    out.push(`## ${netcheckTitle()}`, '');
    for (const [label, value] of netcheckFacts(n)) out.push(`- ${mdText(label)}: ${mdText(value)}`);
    if (n.warnings.length > 0) {
      out.push('- Warnings:');
      for (const w of n.warnings) out.push(`  - ${mdText(warningLine(w))}`);
    }
    const note = unreadableNote(n);
    if (note) out.push('', mdText(note));
    out.push('');
  }
  const derp = derpRegionTable(report.probes, n);
  if (derp) out.push('## DERP relays', '', ...mdTable(derp));
  return out;
}

/** `timeline`: this window's recording of the workspace, when there is one (the extension's reports). */
/** In English whatever the extension's language: the report is shared with administrators and support as it is. */
export function reportToMarkdown(report: Report, timeline?: ReportTimeline, nowMs = Date.now()): string {
  return inEnglish(() => markdownOf(report, timeline, nowMs));
}

function markdownOf(report: Report, timeline: ReportTimeline | undefined, nowMs: number): string {
  const out: string[] = [];
  out.push(`# Connection report: ${mdText(report.workspace || '(no workspace)')}`, '');
  out.push(`- Checked: ${mdText(report.startedAt)}${report.finishedAt ? '' : ' (still running)'}`);
  if (report.cli) out.push(`- Coder CLI: ${mdText(report.cli.version ?? 'unknown version')}`);
  if (report.cli?.note) out.push(`  - ${CHECK_GLYPH.warn} ${mdText(report.cli.note)}`);
  if (report.cli?.deployment) out.push(`- Deployment: ${mdText(report.cli.deployment)}`);
  out.push(`- Path: **${mdText(pathSentence(report))}**`);
  const p = report.pings;
  out.push(
    `- Pings: ${p.sent} sent, ${p.received} answered, ${p.timedOut} timed out, ${p.failed} failed (loss ${formatLoss(p)})`,
  );
  out.push(
    `- Latency: min ${formatMs(p.minMs)}, avg ${formatMs(p.avgMs)}, max ${formatMs(p.maxMs)}, jitter ${formatMs(p.jitterMs)}`,
  );
  out.push('');

  if (report.checks.length > 0) {
    out.push('## Checklist', '');
    for (const c of report.checks) out.push(`- ${CHECK_GLYPH[c.status]} ${mdText(c.message)}`);
    out.push('');
  }

  out.push('## Issues', '');
  if (report.issues.length === 0) out.push(report.finishedAt ? 'No issues found.' : 'None found so far.', '');
  for (const group of issuesBySide(report.issues)) {
    out.push(`### ${group.title}`, '');
    for (const issue of group.issues) {
      const docs = safeDocsUrl(issue.docs);
      const link = docs ? ` [Troubleshooting](<${docs.replace(/[<>\s]/g, encodeURIComponent)}>)` : '';
      out.push(`- **${mdText(issueTitle(issue.id))}**: ${mdText(issue.message)}${link}`);
      if (issue.cliText) out.push(`  - Coder CLI: ${mdCode(issue.cliText)}`);
    }
    out.push('');
  }
  if (relayUnexplained(report)) out.push(`> ${mdText(relayUnexplainedAdvice())}`, '');

  out.push(...netcheckSection(report));
  if (report.probes.length > 0) {
    out.push('## Local probes', '');
    for (const outcome of report.probes) {
      const view = probeView(outcome);
      out.push(`### ${mdText(view.name)}${view.ran ? '' : ' (did not run)'}`, '');
      if (view.reason) out.push(mdText(view.reason), '');
      else out.push(mdText(summariseProbe(outcome)), '');
      for (const [key, value] of view.fields) out.push(`- ${mdText(key)}: ${mdText(value)}`);
      if (view.fields.length > 0) out.push('');
      for (const table of view.tables) out.push(...mdTable(table));
    }
  }

  if (timeline) out.push(...timelineMarkdownSection(timeline, nowMs));

  const failed = report.sources.filter((s) => !s.ok);
  if (failed.length > 0) {
    out.push('## What could not be checked', '');
    for (const s of failed) out.push(`- ${mdText(s.source)}: ${mdText(s.error ?? 'failed')}`);
    out.push('');
  }
  return (
    out
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trimEnd() + '\n'
  );
}
