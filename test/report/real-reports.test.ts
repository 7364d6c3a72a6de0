// Reports built by the real commands (not hand-written samples) against a real TLS server on
// loopback: the JSON validates against the schema, the text and HTML renderers accept them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { renderHtml, renderJson, renderText } from '../../src/report/index.js';
import { scanCommand } from '../../src/app/scan-report.js';

const schema = JSON.parse(
  readFileSync(new URL('../../schema/report.schema.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;
const ajv = new Ajv2020({ allErrors: true, strict: true });
const validate = ajv.compile(schema);

/** A self-signed EC certificate for CN=localhost, made by openssl in a temporary folder. */
function makeCert(dir: string): { cert: Buffer; key: Buffer } {
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '30',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  return { cert: readFileSync(join(dir, 'cert.pem')), key: readFileSync(join(dir, 'key.pem')) };
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
}

test(
  'a real scan report (node:tls on 127.0.0.1) validates against the schema and renders',
  { timeout: 60_000 },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tlsdoctor-report-'));
    const { cert, key } = makeCert(dir);
    const server = createServer({ cert, key, minVersion: 'TLSv1.2' }, (s) => s.end());
    server.on('tlsClientError', () => {});
    try {
      const port = await listen(server);
      const report = await scanCommand(`127.0.0.1:${port}`, { timeoutMs: 3000, concurrency: 8 });
      const json = JSON.parse(renderJson(report)) as unknown;
      assert.ok(validate(json), ajv.errorsText(validate.errors, { separator: '\n' }));
      assert.equal(report.command, 'scan');

      const text = renderText(report, { color: false, width: 100 });
      // eslint-disable-next-line no-control-regex
      assert.ok(!/\u001b/.test(text));
      assert.match(text.split('\n')[0]!, /^[✔✘] /);
      assert.ok(
        text.includes('TLS 1.3') && text.includes('TLS 1.2'),
        'the versions the server speaks are shown',
      );

      const html = renderHtml(report);
      assert.ok(!/<script|\ssrc=|\shref=/i.test(html));
      assert.ok(html.includes('TLS 1.3'));
    } finally {
      await new Promise((r) => server.close(r));
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
