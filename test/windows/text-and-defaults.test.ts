// Decoding (BOMs, BOM-less UTF-16LE, ANSI fallback), line clean-up, and the SCHANNEL defaults table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeText, splitLines, MAX_INPUT_BYTES } from '../../src/windows/text.js';
import { effectiveProtocolState, osFamilyOf, osDefault } from '../../src/windows/schannel-defaults.js';
import { TlsDoctorError } from '../../src/errors.js';
import { detectWindowsInput } from '../../src/windows/detect.js';

test('decodes UTF-16LE with BOM, BOM-less UTF-16LE, UTF-16BE, UTF-8 with BOM and windows-1252', () => {
  const s = 'IP:port : 0.0.0.0:443 — Zertifikathash';
  assert.deepEqual(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]), 'a'), {
    text: s,
    encoding: 'utf-16le',
    bom: true,
  });
  assert.equal(decodeText(Buffer.from(s, 'utf16le'), 'a').encoding, 'utf-16le');
  assert.equal(decodeText(Buffer.from(s, 'utf16le'), 'a').text, s);
  const be = Buffer.from(s, 'utf16le').swap16();
  assert.equal(decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), be]), 'a').text, s);
  assert.equal(decodeText(Buffer.from('\ufeff' + s, 'utf8'), 'a').text, s);
  const ansi = Buffer.from([0x53, 0x63, 0x68, 0x6c, 0xfc, 0x73, 0x73, 0x65, 0x6c]); // "Schlüssel" in windows-1252
  assert.deepEqual(decodeText(ansi, 'a'), { text: 'Schlüssel', encoding: 'windows-1252', bom: false });
});

test('an odd trailing byte of a truncated UTF-16 file is dropped, not fatal', () => {
  const b = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('abc', 'utf16le'), Buffer.from([0x64])]);
  assert.equal(decodeText(b, 'a').text, 'abc');
});

test('binary and oversized inputs are typed errors naming the input', () => {
  const junk = Buffer.alloc(2000);
  for (let i = 0; i < junk.length; i++) junk[i] = (i * 37) % 32;
  assert.throws(
    () => decodeText(junk, 'junk.bin'),
    (e: unknown) =>
      e instanceof TlsDoctorError && e.code === 'INPUT_FORMAT' && e.message.startsWith('junk.bin:'),
  );
  assert.throws(
    () => decodeText(Buffer.alloc(MAX_INPUT_BYTES + 1, 0x41), 'big.txt'),
    (e: unknown) => e instanceof TlsDoctorError && e.code === 'INPUT_TOO_LARGE',
  );
});

test('lines: CR, trailing blanks, prompts and -- More -- are stripped; numbers kept', () => {
  const lines = splitLines(
    'C:\\Windows\\system32>netsh http show iplisten\r\nPS C:\\> Get-TlsCipherSuite   \r\n-- More --\r\n*Evil-WinRM* PS C:\\Users\\a> whoami\r\nVERBOSE: x',
    'a',
  );
  assert.deepEqual(
    lines.map((l) => l.text),
    ['netsh http show iplisten', 'Get-TlsCipherSuite', '', 'whoami', 'x'],
  );
  assert.deepEqual(
    lines.map((l) => l.n),
    [1, 2, 3, 4, 5],
  );
});

test('osFamilyOf: --os spellings, systeminfo names and build numbers', () => {
  const table: Array<[string, string | undefined]> = [
    ['2008r2', 'ws2008r2'],
    ['Windows Server 2008 R2 Standard', 'ws2008r2'],
    ['win7', 'ws2008r2'],
    ['6.1.7601', 'ws2008r2'],
    ['2012R2', 'ws2012r2'],
    ['win8.1', 'ws2012r2'],
    ['2012', 'ws2012'],
    ['ws2016', 'ws2016'],
    ['10.0.14393', 'ws2016'],
    ['2019', 'ws2019'],
    ['10.0.17763', 'ws2019'],
    ['win10', 'ws2019'],
    ['Microsoft Windows [Version 10.0.20348.2849]', 'ws2022'],
    ['Windows Server 2022 Datacenter', 'ws2022'],
    ['win11', 'win11'],
    ['10.0.22631', 'win11'],
    ['2025', 'ws2025'],
    ['10.0.26100', 'ws2025'],
    ['plan9', undefined],
  ];
  for (const [input, want] of table) assert.equal(osFamilyOf(input), want, input);
});

test('OS defaults (Learn "Protocols in TLS/SSL (Schannel SSP)")', () => {
  assert.equal(osDefault('ws2008r2', 'TLS 1.2', 'server'), 'disabled');
  assert.equal(osDefault('ws2008r2', 'SSL 2.0', 'server'), 'enabled');
  assert.equal(osDefault('ws2008r2', 'SSL 2.0', 'client'), 'disabled');
  assert.equal(osDefault('ws2012r2', 'SSL 3.0', 'server'), 'enabled');
  assert.equal(osDefault('ws2016', 'SSL 3.0', 'server'), 'disabled');
  assert.equal(osDefault('ws2019', 'TLS 1.3', 'server'), 'not-supported');
  assert.equal(osDefault('ws2022', 'TLS 1.3', 'server'), 'enabled');
  assert.equal(osDefault('ws2025', 'TLS 1.0', 'server'), 'unknown');
  assert.equal(osDefault(undefined, 'TLS 1.2', 'server'), 'unknown');
});

test('effective state: Enabled=0 and DisabledByDefault=1 disable; non-zero enables; 2008 R2 needs both values', () => {
  const t: Array<[Parameters<typeof effectiveProtocolState>, string]> = [
    [['ws2019', 'TLS 1.2', 'server', 0, null], 'disabled'],
    [['ws2019', 'TLS 1.2', 'server', null, 1], 'disabled'],
    [['ws2019', 'TLS 1.2', 'server', 0xffffffff, 0], 'enabled'],
    [['ws2019', 'TLS 1.0', 'server', null, null], 'enabled'],
    [['ws2019', 'TLS 1.3', 'server', 1, 0], 'not-supported'],
    [['ws2008r2', 'TLS 1.2', 'server', 1, null], 'disabled'],
    [['ws2008r2', 'TLS 1.2', 'server', 1, 0], 'enabled'],
    [['ws2008r2', 'TLS 1.2', 'server', null, 0], 'enabled'],
    [[undefined, 'TLS 1.2', 'server', null, null], 'unknown'],
    [[undefined, 'TLS 1.2', 'server', 1, 0], 'enabled'],
  ];
  for (const [args, want] of t)
    assert.equal(effectiveProtocolState(...args).effective, want, JSON.stringify(args));
});

test('detection is by content: the same netsh text under any name', () => {
  assert.equal(
    detectWindowsInput(
      '\n    IP:port                      : 0.0.0.0:443\n    Certificate Hash             : \n',
    ),
    'netsh-sslcert',
  );
  assert.equal(detectWindowsInput('  TCP    0.0.0.0:443   0.0.0.0:0   LISTENING   4\n'), 'netstat');
  assert.equal(detectWindowsInput('REGEDIT4\n'), 'reg-export');
  assert.equal(detectWindowsInput('   \r\n'), 'empty');
  assert.equal(detectWindowsInput('hello world'), 'unknown');
});

test('schannelServerProtocols summarises a bundle for the probe cross-check', async () => {
  const { observeWindowsBundle, schannelServerProtocols } = await import('../../src/windows/index.js');
  const s = schannelServerProtocols(
    await observeWindowsBundle('test/fixtures/windows/bundles/legacy-2008r2'),
  );
  assert.equal(s['TLS 1.2']!.effective, 'disabled');
  assert.equal(s['TLS 1.0']!.effective, 'enabled');
  assert.equal(s['TLS 1.3']!.effective, 'not-supported');
  assert.match(s['TLS 1.2']!.from.origin, /schannel\.reg$/);
});
