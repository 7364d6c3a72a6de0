test('the index is sorted, complete and every rule file is listed', () => {
  const files = readdirSync('src/diagnose/rules/windows').filter((f) => f.endsWith('.ts') && f !== 'index.ts').map((f) => `windows.${f.replace(/\.ts$/, '')}`).sort();
  const ids = rules.map((r) => r.meta.id);
  assert.deepEqual([...ids].sort(), files);
  assert.deepEqual(ids, [...ids].sort());
  for (const r of rules) {
    assert.ok(r.meta.needs.length > 0 && r.meta.references.length > 0 && r.meta.description.length > 40, r.meta.id);
    assert.ok(r.meta.needs.every((k) => k.startsWith('windows.')), r.meta.id);
  }
});

test('every finding id is documented in docs/windows.md', () => {
  const doc = readFileSync('docs/windows.md', 'utf8');
  for (const r of rules) assert.ok(doc.includes(`\`${r.meta.id}\``), `docs/windows.md mentions ${r.meta.id}`);
});

test('the engine runs the windows rules over unrelated observations without errors', () => {
  const r = runRules(rules, [helpers.ssl('0.0.0.0:443'), helpers.event('Schannel', 36887, { AlertDesc: '48' }), helpers.owner('0.0.0.0', 443, 4)]);
  assert.ok(r.results.every((x) => x.status !== 'error'), JSON.stringify(r.results.filter((x) => x.status === 'error')));
});
