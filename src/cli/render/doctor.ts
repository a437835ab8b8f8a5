import { doctorExitCode, type CheckStatus } from '../../doctor/check';
import type { DoctorReport } from '../doctor/doctor';
import type { View } from '../output';
import type { Colors } from './colors';

const MARK: Record<CheckStatus, (c: Colors) => string> = {
  ok: (c) => c.green('✓'),
  warn: (c) => c.yellow('⚠'),
  fail: (c) => c.red('✗'),
  skip: (c) => c.dim('–'),
};

/** A detail line keeps its own mark (✓ ⚠ ✗ –); coloured like the check's. */
function detailLine(line: string, c: Colors): string {
  const mark = line.slice(0, 1);
  const paint = mark === '✗' ? c.red : mark === '⚠' ? c.yellow : mark === '✓' ? c.green : c.dim;
  return `    ${'✓⚠✗–'.includes(mark) ? `${paint(mark)}${line.slice(1)}` : c.dim(line)}`;
}

export const doctorView: View<DoctorReport> = {
  text: (r, c) => {
    const failed = r.checks.filter((x) => x.status === 'fail').length;
    const warned = r.checks.filter((x) => x.status === 'warn').length;
    return [
      ...r.checks.flatMap((x) => [
        `${MARK[x.status](c)} ${x.status === 'skip' ? c.dim(`${x.title}: ${x.summary}`) : `${c.bold(x.title)}: ${x.summary}`}`,
        ...x.details.map((d) => detailLine(d, c)),
        ...x.fix.map((f, i) => `    ${i === 0 ? c.cyan('fix:') : '    '} ${f}`),
      ]),
      '',
      failed > 0
        ? c.red(`${failed} check${failed === 1 ? '' : 's'} failed${warned > 0 ? `, ${warned} with warnings` : ''}.`)
        : warned > 0
          ? c.yellow(`No check failed; ${warned} with warnings.`)
          : c.green(`All checks passed${r.node ? ` for host ${r.node}` : ''}.`),
    ];
  },
  json: (r) => ({
    node: r.node ?? null,
    ok: r.checks.every((x) => x.status !== 'fail'),
    exit_code: doctorExitCode(r.checks),
    checks: r.checks.map((x) => ({ id: x.id, title: x.title, status: x.status, summary: x.summary, details: x.details, fix: x.fix })),
  }),
  exitCode: (r) => doctorExitCode(r.checks),
};
