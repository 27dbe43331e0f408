/**
 * npm run lockfile:complete — run after `npm install` changes package-lock.json.
 *
 * npm 11 leaves out of the lock file the platform-specific optional packages (other operating
 * systems' builds of @swc/core, unrs-resolver...) when the registry it reaches does not serve
 * them, and `npm ci` then refuses the lock file as out of sync. This adds an entry for each,
 * marked with its os/cpu so that npm skips it on every other platform.
 */
const fs = require('fs');
const file = process.argv[2] || 'package-lock.json';
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
const pk = lock.packages;
const platform = (name) => {
  const osList = ['darwin', 'linux', 'win32', 'android', 'freebsd', 'openharmony', 'sunos', 'aix'];
  const parts = name.split('/').pop().split('-');
  const os = parts.find((p) => osList.includes(p));
  const cpuList = ['arm64', 'x64', 'ia32', 'arm', 'ppc64', 's390x', 'riscv64', 'loong64', 'wasm32'];
  const cpu = parts.find((p) => cpuList.includes(p));
  const libc = parts.some((p) => p.startsWith('musl'))
    ? 'musl'
    : parts.some((p) => p === 'gnu' || p.startsWith('gnueabi'))
      ? 'glibc'
      : undefined;
  return { os, cpu, libc };
};
let added = 0;
for (const [path, meta] of Object.entries(pk)) {
  for (const [dep, version] of Object.entries(meta.optionalDependencies || {})) {
    const key = `node_modules/${dep}`;
    if (pk[key] || pk[`${path}/node_modules/${dep}`]) continue;
    const { os, cpu, libc } = platform(dep);
    if (!os && !cpu) continue;
    pk[key] = {
      version,
      ...(meta.dev ? { dev: true } : {}),
      optional: true,
      ...(os ? { os: [os] } : {}),
      ...(cpu ? { cpu: [cpu] } : {}),
      ...(libc ? { libc: [libc] } : {}),
    };
    added++;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(pk).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
);
fs.writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
console.log(`package-lock.json: added ${added} platform-specific optional package(s)`);
