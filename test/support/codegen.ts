import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

const PRETTIER_BIN = join(dirname(require.resolve('prettier/package.json')), 'bin', 'prettier.cjs');

/** `npm run codegen`'s runner (GraphQL Code Generator's engine and plugins). */
const CODEGEN_BIN = join(ROOT, 'scripts', 'codegen.js');

/**
 * Runs GraphQL Code Generator as `npm run codegen` does (scripts/codegen.js), in a Node process of
 * its own (as the command runs, outside Jest's module system), writing each
 * output under a temporary folder, and answers each output's text formatted by Prettier as
 * `npm run codegen`'s hook formats it. `generates` maps an output name to its plugins and config.
 */
export function runCodegen(
  options: {
    schema: string;
    documents: string | string[];
    generates: Record<string, { plugins: string[]; config?: object }>;
  },
  /** Where to leave the formatted outputs (by default a temporary folder, removed after). */
  outDir?: string,
): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'codegen-'));
  try {
    const configFile = join(dir, 'codegen.json');
    const generates = Object.fromEntries(
      Object.entries(options.generates).map(([name, output]) => [join(dir, name), output]),
    );
    writeFileSync(
      configFile,
      JSON.stringify({ schema: options.schema, documents: options.documents, generates }),
    );
    execFileSync(process.execPath, [CODEGEN_BIN, configFile, '--silent'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const outputs: Record<string, string> = {};
    for (const name of Object.keys(options.generates)) {
      // Prettier as for a file of the project's (its own process too: it imports modules).
      outputs[name] = execFileSync(
        process.execPath,
        [PRETTIER_BIN, '--stdin-filepath', join(ROOT, 'src', name)],
        { input: readFileSync(join(dir, name), 'utf8'), encoding: 'utf8' },
      );
      if (outDir) writeFileSync(join(outDir, name), outputs[name]);
    }
    return outputs;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
