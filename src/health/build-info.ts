import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** What `/info` says about the running code. */
export interface BuildInfo {
  /** `version` of package.json. */
  version: string;
  /** The commit: GIT_COMMIT, else the build's (dist/build-info.json), else `.git`'s HEAD; null if none. */
  commit: string | null;
  /** When `npm run build` compiled it (ISO 8601); null when running from source (tests). */
  builtAt: string | null;
}

const PACKAGE_NAME = 'intervention-marketplace';

/** The project's root: the nearest folder above `from` whose package.json is this project's. */
export function projectRoot(from = __dirname): string | undefined {
  let dir = resolve(from);
  for (let i = 0; i < 6; i++) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const { name } = JSON.parse(readFileSync(file, 'utf8')) as { name?: string };
      if (name === PACKAGE_NAME) return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** HEAD's commit from a `.git` folder (or a worktree's `.git` file), without running git. */
export function gitHead(root: string): string | null {
  let gitDir = join(root, '.git');
  try {
    if (statSync(gitDir).isFile()) {
      const pointer = /^gitdir:\s*(.+)$/m.exec(readText(gitDir) ?? '')?.[1];
      if (!pointer) return null;
      gitDir = resolve(root, pointer);
    }
  } catch {
    return null;
  }
  const head = readText(join(gitDir, 'HEAD'));
  if (!head) return null;
  const ref = /^ref:\s*(\S+)$/.exec(head)?.[1];
  if (!ref) return /^[0-9a-f]{40}$/.test(head) ? head : null;
  const common = resolve(gitDir, readText(join(gitDir, 'commondir')) ?? '.');
  for (const dir of [gitDir, common]) {
    const sha = readText(join(dir, ref));
    if (sha && /^[0-9a-f]{40}$/.test(sha)) return sha;
  }
  const packed = readText(join(common, 'packed-refs')) ?? '';
  const line = packed.split('\n').find((l) => l.endsWith(` ${ref}`));
  return line?.slice(0, 40) ?? null;
}

/**
 * The running code's version, commit and build time. `npm run build` writes
 * `dist/build-info.json` (scripts/write-build-info.js) beside the compiled code.
 */
export function readBuildInfo(gitCommit: string | undefined): BuildInfo {
  const root = projectRoot();
  const version = root
    ? ((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: string })
        .version ?? '0.0.0')
    : '0.0.0';
  // dist/src/health/ -> dist/build-info.json (from source: <root>/build-info.json, absent).
  const built = readText(join(__dirname, '..', '..', 'build-info.json'));
  const build = built
    ? (JSON.parse(built) as { builtAt?: string; commit?: string | null })
    : undefined;
  return {
    version,
    commit: gitCommit ?? build?.commit ?? (root ? gitHead(root) : null),
    builtAt: build?.builtAt ?? null,
  };
}
