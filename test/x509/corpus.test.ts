// `cert` on certificates nobody here made: the sample of public corpora listed in
// test/fixtures/x509-corpus/manifest.json (x509-limbo path-validation cases, zlint lint test
// certificates, pyca/cryptography vectors), each checked against the corpus's documented outcome,
// or against the documented exception that says why tlsdoctor answers otherwise.
//
// The files come from those repositories: the test reads them from $TLSDOCTOR_X509_CORPUS, else
// ../shared/x509-corpus beside the checkout, else test/fixtures/x509-corpus/files, where the zlint
// and pyca files are checked in (see the README there; `node scripts/cert-corpus.mjs --sample DIR`
// writes the whole sample from the corpora). A case whose files are not in the folder is skipped,
// and says which.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LINT_MAP, runManifestEntry, type ManifestEntry } from './corpus-lib.js';

const repo = resolve(import.meta.dirname, '..', '..');
const manifest = JSON.parse(
  readFileSync(join(repo, 'test', 'fixtures', 'x509-corpus', 'manifest.json'), 'utf8'),
) as { version: number; entries: ManifestEntry[] };
const candidates = [
  process.env.TLSDOCTOR_X509_CORPUS,
  join(repo, '..', 'shared', 'x509-corpus'),
  join(repo, 'test', 'fixtures', 'x509-corpus', 'files'),
].filter((d): d is string => d !== undefined && d !== '');
const dir = candidates.find((d) => existsSync(d));

describe('the manifest', () => {
  test('every entry names its source, licence, files and the documented outcome', () => {
    assert.ok(manifest.entries.length >= 60, `${manifest.entries.length} entries`);
    const ids = new Set<string>();
    for (const e of manifest.entries) {
      assert.ok(!ids.has(e.id), `duplicate ${e.id}`);
      ids.add(e.id);
      assert.ok(e.source.repo && e.source.path && e.source.licence, `${e.id}: source`);
      assert.ok(Object.keys(e.files).length > 0, `${e.id}: files`);
      assert.deepEqual(Object.keys(e.sha256).sort(), Object.keys(e.files).sort(), `${e.id}: a hash per file`);
      assert.ok(!Number.isNaN(Date.parse(e.time)), `${e.id}: time`);
      if (e.exception) assert.notEqual(e.ours, e.expected, `${e.id}: an exception differs from the corpus`);
      if (e.corpus === 'zlint') assert.ok(e.lint && LINT_MAP[e.lint], `${e.id}: a mapped lint`);
    }
    for (const corpus of ['limbo', 'zlint', 'pyca'])
      assert.ok(
        manifest.entries.some((e) => e.corpus === corpus),
        `${corpus} is sampled`,
      );
  });
});

describe(
  'cert on the corpus sample',
  { skip: dir ? false : `corpus files not found (${candidates.join(', ')})` },
  () => {
    for (const e of manifest.entries) {
      const missing = dir ? Object.values(e.files).filter((f) => !existsSync(join(dir, f))) : [];
      const skip = missing.length > 0 ? `${missing.join(', ')} not found in ${dir}` : false;
      test(`${e.id}${e.exception ? ' (documented exception)' : ''}`, { skip }, async () => {
        for (const [role, file] of Object.entries(e.files)) {
          const got = createHash('sha256')
            .update(readFileSync(join(dir!, file)))
            .digest('hex');
          assert.equal(got, e.sha256[role], `${file} is not the file the manifest describes`);
        }
        const r = await runManifestEntry(dir!, e);
        assert.doesNotMatch(r.ours, /^crash/, r.detail);
        const want = e.exception ? e.ours : e.expected;
        assert.equal(
          r.ours,
          want,
          `${e.id}: ${e.exception ? `documented exception (${e.exception})` : 'corpus outcome'} ${want}, tlsdoctor ${r.ours} [${r.detail}]`,
        );
        if (e.finding)
          assert.ok(r.findings.includes(e.finding), `${e.id}: ${e.finding} expected [${r.detail}]`);
      });
    }
  },
);
