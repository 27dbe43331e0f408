import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_REASONS } from './error-reasons';

const ROOT = join(__dirname, '..', '..');
const DOC = join(ROOT, 'docs', 'errors.md');
const BEGIN = '<!-- reasons:begin (written from src/common/error-reasons.ts) -->';
const END = '<!-- reasons:end -->';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** The reasons' table as docs/errors.md shows it. */
function table(): string {
  const rows = Object.entries(ERROR_REASONS).map(
    ([reason, meaning]) => `| \`${reason}\` | ${meaning} |`,
  );
  return [BEGIN, '| reason | meaning |', '| --- | --- |', ...rows, END].join('\n');
}

describe('ERROR_REASONS', () => {
  // The type makes every reason thrown one of the table's; this keeps the table to those thrown.
  it('lists only reasons the code gives', () => {
    const code = sources(join(ROOT, 'src'))
      .filter((path) => !path.endsWith('error-reasons.ts'))
      .map((path) => readFileSync(path, 'utf8'))
      .join('\n');
    const unused = Object.keys(ERROR_REASONS).filter((reason) => !code.includes(`'${reason}'`));
    expect(unused).toEqual([]);
  });

  it('gives each reason a meaning', () => {
    for (const meaning of Object.values(ERROR_REASONS)) expect(meaning.length).toBeGreaterThan(10);
  });

  // UPDATE_ERRORS_DOC=1 npx jest src/common/error-reasons.spec.ts rewrites the table.
  it('is listed in docs/errors.md, reason by reason', () => {
    const doc = readFileSync(DOC, 'utf8');
    const start = doc.indexOf(BEGIN);
    const end = doc.indexOf(END);
    expect(start).toBeGreaterThanOrEqual(0);
    const current = doc.slice(start, end + END.length);
    if (process.env.UPDATE_ERRORS_DOC) writeFileSync(DOC, doc.replace(current, table()));
    else expect(current).toBe(table());
  });
});
