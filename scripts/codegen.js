#!/usr/bin/env node
/**
 * npm run codegen — GraphQL Code Generator's own engine (@graphql-codegen/core) and plugins,
 * reading a config in the CLI's shape (`codegen.ts`, or a JSON file) and writing what the CLI
 * would: the schema file sorted as the CLI sorts it, the documents in path order, each output's
 * `afterOneFileWrite` hooks run on it.
 *
 * Why not the CLI (@graphql-codegen/cli): its dependencies (listr2 10, @whatwg-node/fetch 0.12,
 * sync-fetch 0.7...) require Node 22.13 or later, and it brings loaders for URLs, GitHub and git
 * this project does not use. Only file schemas and `.graphql` documents (a path, or a glob with
 * `*` and `**`) are supported, and plugins without presets.
 *
 * Usage: node scripts/codegen.js <config.json | config.ts (with -r @swc-node/register)> [--silent]
 */
const { execSync } = require('node:child_process');
const { mkdirSync, readdirSync, readFileSync, writeFileSync } = require('node:fs');
const { dirname, join, relative, resolve, sep } = require('node:path');
const { buildSchema, lexicographicSortSchema, parse, Source } = require('graphql');
const { codegen } = require('@graphql-codegen/core');

const asArray = (value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** The files a pattern names: a path, or a glob whose `*` stays in a folder and `**` crosses. */
function expand(pattern, cwd) {
  const absolute = resolve(cwd, pattern);
  if (!/[*?[{]/.test(pattern)) return [absolute];
  const parts = absolute.split(sep);
  const firstGlob = parts.findIndex((part) => /[*?[{]/.test(part));
  const base = parts.slice(0, firstGlob).join(sep) || sep;
  const source = parts
    .slice(firstGlob)
    .map((part) =>
      part === '**'
        ? '(?:[^/]+/)*'
        : `${part
            .replace(/[.+^${}()|[\]\\]/g, '\\$&')
            .replace(/\*/g, '[^/]*')
            .replace(/\?/g, '[^/]')}/`,
    )
    .join('')
    .replace(/\/$/, '');
  const matcher = new RegExp(`^${source}$`);
  const found = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (matcher.test(relative(base, path).split(sep).join('/'))) found.push(path);
    }
  };
  walk(base);
  return found;
}

/** A plugin by its short name, looked up as the CLI does. */
function plugin(name, cwd) {
  for (const candidate of [
    `@graphql-codegen/${name}`,
    `@graphql-codegen/plugin-${name}`,
    `codegen-${name}`,
    name,
  ]) {
    try {
      return require(require.resolve(candidate, { paths: [cwd] }));
    } catch (error) {
      if (error.code !== 'MODULE_NOT_FOUND') throw error;
    }
  }
  throw new Error(
    `GraphQL Code Generator plugin "${name}" not found (npm install -D @graphql-codegen/${name})`,
  );
}

async function run(config, cwd, silent) {
  const schemaFiles = asArray(config.schema).flatMap((pattern) => expand(pattern, cwd));
  const rootDocuments = asArray(config.documents);
  for (const [filename, output] of Object.entries(config.generates)) {
    const schemaAst = lexicographicSortSchema(
      buildSchema(schemaFiles.map((file) => readFileSync(file, 'utf8')).join('\n'), {
        assumeValidSDL: true,
      }),
    );
    const documents = [
      ...new Set([...rootDocuments, ...asArray(output.documents)].flatMap((p) => expand(p, cwd))),
    ]
      .sort()
      .map((location) => ({
        location,
        document: parse(new Source(readFileSync(location, 'utf8'), location)),
      }));
    const plugins = asArray(output.plugins).map((entry) =>
      typeof entry === 'string' ? { [entry]: {} } : entry,
    );
    const content = await codegen({
      filename,
      schemaAst,
      documents,
      plugins,
      pluginMap: Object.fromEntries(
        plugins.map((entry) => Object.keys(entry)[0]).map((name) => [name, plugin(name, cwd)]),
      ),
      config: { ...config.config, emitLegacyCommonJSImports: true, ...output.config },
    });
    const path = resolve(cwd, filename);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    for (const hooks of [output.hooks, config.hooks]) {
      for (const command of asArray(hooks && hooks.afterOneFileWrite)) {
        execSync(`${command} ${JSON.stringify(path)}`, {
          cwd,
          stdio: silent ? 'ignore' : 'inherit',
        });
      }
    }
    if (!silent) console.log(`✔ ${relative(cwd, path)}`);
  }
}

const [file, ...flags] = process.argv.slice(2);
if (!file) {
  console.error('usage: node scripts/codegen.js <config.json | config.ts> [--silent]');
  process.exit(2);
}
const loaded = require(resolve(file));
run(loaded.default || loaded, process.cwd(), flags.includes('--silent')).catch((error) => {
  console.error(error);
  process.exit(1);
});
