// Target lists: lines, CSV, and real nmap 7.93 output (-oG and -oX of `nmap -sT -sV --version-light`
// against two lab servers, test/fixtures/fleet/): every open port nmap saw TLS on, and nothing else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { detectFormat, parseTargets } from '../../src/fleet/targets.js';
import { TlsDoctorError } from '../../src/errors.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`../fixtures/fleet/${name}`, import.meta.url), 'utf8');

test('nmap -oG and -oX: the open ports with TLS (ssl|unknown, tunnel="ssl"), not the plain-HTTP ones', () => {
  const g = parseTargets(fixture('nmap-7.93.gnmap'), 'scan.gnmap');
  const x = parseTargets(fixture('nmap-7.93.xml'), 'scan.xml');
  assert.equal(g.format, 'nmap-grepable');
  assert.equal(x.format, 'nmap-xml');
  assert.deepEqual(
    g.targets.map((t) => t.target),
    ['127.0.0.1:34083', '127.0.0.1:39103'],
  );
  assert.deepEqual(
    x.targets.map((t) => t.target),
    g.targets.map((t) => t.target),
  );
  assert.match(g.targets[0]!.origin, /^scan\.gnmap:3$/);
});

test('lines: options per line, comments, duplicates once; CSV: columns, quotes, tags, no SNI', () => {
  const l = parseTargets(
    '# web\nhttps://a.example.test/ --sni b.example.test\nhost.example.test:8443 --ip 127.0.0.2 # db\n\nhost.example.test:8443 --ip 127.0.0.2\nx.example.test --no-sni\n',
    'list',
  );
  assert.equal(l.format, 'lines');
  assert.deepEqual(
    l.targets.map((t) => [t.target, t.sni, t.ip, t.origin]),
    [
      ['https://a.example.test/', 'b.example.test', undefined, 'list:2'],
      ['host.example.test:8443', undefined, '127.0.0.2', 'list:3'],
      ['x.example.test', false, undefined, 'list:6'],
    ],
  );
  const c = parseTargets(
    'target,ip,platform,tags\n"a.example.test:443",127.0.0.3,iis,"prod; eu"\nb.example.test,,,\n',
    'f.csv',
  );
  assert.equal(c.format, 'csv');
  assert.deepEqual(c.targets[0], {
    target: 'a.example.test:443',
    ip: '127.0.0.3',
    platform: 'iis',
    tags: ['prod', 'eu'],
    origin: 'f.csv:2',
  });
  assert.equal(detectFormat('<?xml version="1.0"?><nmaprun></nmaprun>'), 'nmap-xml');
});

test('bad lists: one line naming the file and line, with what was expected', () => {
  const bad: Array<[string, RegExp]> = [
    ['a.example.test --sni\n', /^l:1: --sni needs a value$/],
    ['a.example.test --port 4\n', /^l:1: unknown option --port/],
    ['\n\nhttps://[::1/\n', /^l:3: /],
    ['a.example.test --ip 999.1.1.1\n', /^l:1: --ip 999\.1\.1\.1 is not an IP address$/],
    ['target,sni\n"unclosed,x\n', /^l:2: a quoted field is not closed$/],
    ['target,ip\na.example.test,127.0.0.1,extra\n', /^l:2: 3 fields, the header names 2$/],
    [
      '<nmaprun><host><address addr="x" addrtype="ipv4"/></host></nmaprun>',
      /^l: host 1: no IPv4 or IPv6 <address>$/,
    ],
    ['Host: 127.0.0.1 ()\tPorts: 99999/open/tcp//https///\n', /^l:1: "99999" is not a port$/],
  ];
  for (const [text, re] of bad)
    assert.throws(
      () => parseTargets(text, 'l'),
      (e: unknown) => e instanceof TlsDoctorError && re.test(e.message) && !e.message.includes('\n'),
      text,
    );
});

test('random input: a list or a TlsDoctorError, never anything else', () => {
  fc.assert(
    fc.property(
      fc.oneof(
        fc.string(),
        fc
          .constantFrom('target,sni,ip\n', 'Host: 127.0.0.1 ()\tPorts: ', '<nmaprun>', '# Nmap 7.93\n')
          .chain((p) => fc.string().map((s) => p + s)),
      ),
      (text) => {
        try {
          parseTargets(text, 'r');
        } catch (e) {
          if (!(e instanceof TlsDoctorError)) throw e;
        }
      },
    ),
    { numRuns: 300 },
  );
});
