// The package as a user gets it: `npm pack` of the built tree, installed globally from the tarball
// (`npm i -g ./tlsdoctor-x.y.z.tgz`) and as a dependency of a project that imports the library API,
// TypeScript declarations included. Needs the build (`npm ci` runs it; or `npm run build`).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  dependencies?: Record<string, string>;
};

let dir: string;
let tarball: string;
let files: Array<{ path: string; size: number }>;

before(async () => {
  assert.ok(
    existsSync(join(ROOT, 'dist/tlsdoctor.cjs')) && existsSync(join(ROOT, 'dist/types/api/index.d.ts')),
    'the package is built (npm run build)',
  );
  dir = mkdtempSync(join(tmpdir(), 'tlsdoctor-pack-'));
  const { stdout } = await run(NPM, ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], {
    cwd: ROOT,
  });
  const info = (JSON.parse(stdout) as Array<{ filename: string; files: typeof files }>)[0]!;
  tarball = join(dir, info.filename);
  files = info.files;
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('the tarball holds what runs and nothing else: no source maps, no unbundled JS, a LICENSE', () => {
  const paths = files.map((f) => f.path);
  assert.ok(paths.includes('LICENSE'));
  assert.ok(
    paths.includes('bin/tlsdoctor.js') &&
      paths.includes('bin/package.json') &&
      paths.includes('dist/tlsdoctor.cjs') &&
      paths.includes('dist/launch.cjs') &&
      paths.includes('dist/api.mjs'),
  );
  assert.deepEqual(
    paths.filter((p) => p.endsWith('.map')),
    [],
  );
  assert.deepEqual(
    paths.filter(
      (p) =>
        p.startsWith('dist/') &&
        !/^dist\/(tlsdoctor\.cjs|launch\.cjs|api\.mjs)$|^dist\/types\/.+\.d\.ts$/.test(p),
    ),
    [],
  );
  const unpacked = files.reduce((n, f) => n + f.size, 0);
  assert.ok(unpacked < 4_000_000, `unpacked size ${unpacked} bytes`);
  // the bundle holds every runtime dependency: installing the package installs nothing else
  assert.deepEqual(pkg.dependencies ?? {}, {});
});

test(
  'npm i -g from the tarball puts a working tlsdoctor on PATH, which names itself as typed',
  { skip: process.platform === 'win32' && 'windows collect runs there' },
  async () => {
    const prefix = join(dir, 'global');
    await run(NPM, ['install', '-g', '--prefix', prefix, tarball, '--offline', '--no-audit', '--no-fund']);
    const bin = process.platform === 'win32' ? prefix : join(prefix, 'bin');
    const env = { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}`, NO_COLOR: '1' };
    const version = await run('tlsdoctor', ['--version'], { env, shell: process.platform === 'win32' });
    assert.equal(version.stdout, `${pkg.version}\n`);
    const explained = await run('tlsdoctor', ['explain', '0x80090016'], {
      env,
      shell: process.platform === 'win32',
    });
    assert.match(explained.stdout, /^0x80090016 NTE_BAD_KEYSET/);
    // what it tells the user to run next starts with the name that is on PATH (collect: not on Windows)
    const collect = await run('tlsdoctor', ['windows', 'collect'], { env }).then(
      () => assert.fail('windows collect runs on Windows only'),
      (e: { code: number; stderr: string }) => e,
    );
    assert.equal(collect.code, 2);
    assert.match(collect.stderr, / use 'tlsdoctor windows analyze <folder>'/);
  },
);

test('a project that depends on the tarball imports the library API, with its type declarations', async () => {
  const proj = join(dir, 'project');
  mkdirSync(proj);
  writeFileSync(
    join(proj, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
  );
  await run(NPM, ['install', tarball, '--offline', '--no-audit', '--no-fund'], { cwd: proj });
  writeFileSync(
    join(proj, 'use.mjs'),
    [
      "import { explain, checkCertificates, TlsDoctorError, VERSION } from 'tlsdoctor';",
      "const r = await explain('0x80090016');",
      'let code;',
      "try { await checkCertificates(['missing.pem']); } catch (e) { code = e instanceof TlsDoctorError ? e.code : 'other'; }",
      'console.log(JSON.stringify({ v: VERSION, command: r.command, status: r.verdict.status, first: r.data.matches[0].id, code }));',
    ].join('\n'),
  );
  const { stdout } = await run(process.execPath, ['use.mjs'], { cwd: proj });
  // the README's example, as printed there: each `// → …` line is what the line before prints
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const example = /## Library API[\s\S]*?```js\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(example, 'README has a js example under Library API');
  writeFileSync(join(proj, 'readme-example.mjs'), example);
  const printed = await run(process.execPath, ['readme-example.mjs'], { cwd: proj });
  const expected = [...example.matchAll(/^\/\/ → (.*)$/gm)].map((m) => m[1]);
  assert.deepEqual(printed.stdout.trimEnd().split('\n'), expected);
  assert.deepEqual(JSON.parse(stdout), {
    v: pkg.version,
    command: 'explain',
    status: 'healthy',
    first: 'hresult.NTE_BAD_KEYSET',
    code: 'INPUT_NOT_FOUND',
  });
  // the declarations type-check a consumer's code (and reject a wrong use)
  writeFileSync(
    join(proj, 'use.ts'),
    [
      "import { diagnose, explain, type DiagnoseReport, type ExplainReport } from 'tlsdoctor';",
      "const r: ExplainReport = await explain('0x80090016');",
      'const ids: string[] = r.data.matches.map((m) => m.id);',
      "const later: Promise<DiagnoseReport> = diagnose('https://127.0.0.1:1/', { timeoutMs: 100, httpPort: 0 });",
      'void later.catch(() => undefined);',
      'export { ids };',
      '// @ts-expect-error: scan results are not diagnose reports',
      "const wrong: DiagnoseReport = await explain('x');",
      'export { wrong };',
    ].join('\n'),
  );
  writeFileSync(
    join(proj, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        target: 'ES2022',
        strict: true,
        noEmit: true,
        types: [],
      },
      files: ['use.ts'],
    }),
  );
  await run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], {
    cwd: proj,
  });
});
