import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { buildSchema, Kind, parse, print, validate } from 'graphql';

/**
 * The documentation stays true to the code: links lead somewhere, every refusal reason and
 * every environment variable is documented, and every GraphQL example is valid against the
 * committed schema.
 */
const ROOT = resolve(__dirname, '../..');
const DOCS = join(ROOT, 'docs');
const MARKDOWN = [
  join(ROOT, 'README.md'),
  join(ROOT, 'BENCHMARKS.md'),
  ...readdirSync(DOCS)
    .filter((name) => name.endsWith('.md'))
    .map((name) => join(DOCS, name)),
];

const read = (file: string) => readFileSync(file, 'utf8');
const withoutCode = (text: string) => text.replace(/^```[\s\S]*?^```/gm, '');

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\- ]/gu, '')
    .replace(/ /g, '-');
}

function anchorsIn(file: string): Set<string> {
  const headings = withoutCode(read(file)).match(/^#{1,6} .+$/gm) ?? [];
  return new Set(headings.map((h) => anchorOf(h.replace(/^#+ /, ''))));
}

/** `[text](target)` links that are not absolute URLs. */
function relativeLinks(file: string): string[] {
  const links = [...withoutCode(read(file)).matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);
  return links.filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

describe('documentation', () => {
  it.each(MARKDOWN.map((file) => [relative(ROOT, file), file]))(
    '%s: every relative link leads to a file (and heading) in the repository',
    (_name, file) => {
      const broken = relativeLinks(file).filter((link) => {
        const [path, anchor] = link.split('#');
        const target = path ? resolve(dirname(file), path) : file;
        if (!target.startsWith(`${ROOT}/`) && target !== ROOT) return true;
        if (!existsSync(target)) return true;
        return anchor !== undefined && target.endsWith('.md') && !anchorsIn(target).has(anchor);
      });
      expect(broken).toEqual([]);
    },
  );

  it('documents every environment variable the configuration reads in docs/configuration.md', () => {
    const source = read(join(ROOT, 'src/config/app-config.ts'));
    const start = source.indexOf('class Environment {');
    const body = source.slice(start, source.indexOf('\n}', start));
    const variables = [...body.matchAll(/^\s+([A-Z][A-Z0-9_]*)\?:/gm)].map((m) => m[1]);
    expect(variables).toEqual(expect.arrayContaining(['PORT', 'DATABASE_URL', 'RATE_LIMIT']));
    const text = read(join(DOCS, 'configuration.md'));
    expect(variables.filter((name) => !text.includes(`\`${name}\``))).toEqual([]);
  });

  it('shows only GraphQL operations that are valid against schema.graphql', () => {
    const schema = buildSchema(read(join(ROOT, 'schema.graphql')));
    const problems: string[] = [];
    for (const file of MARKDOWN) {
      const text = read(file);
      const blocks = [...text.matchAll(/^```graphql\n([\s\S]*?)^```/gm)].map((m) => m[1]);
      // The curl examples' `{"query":"..."}` bodies too.
      const bodies = [...text.matchAll(/\{"query":"((?:[^"\\]|\\.)*)"/g)].map(
        (m) => JSON.parse(`"${m[1]}"`) as string,
      );
      for (const source of [...blocks, ...bodies]) {
        let document;
        try {
          document = parse(source);
        } catch (error) {
          problems.push(`${relative(ROOT, file)}: ${String(error)}\n${source}`);
          continue;
        }
        // A block may hold several anonymous operations, one per line: validate each alone.
        for (const definition of document.definitions) {
          const one = parse(print(definition));
          if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
          for (const error of validate(schema, one)) {
            problems.push(`${relative(ROOT, file)}: ${error.message}\n${print(definition)}`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
