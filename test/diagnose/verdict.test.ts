// The diagnose verdict on recorded lab observations: healthy only when the certificate checks ran.
// A server that answers the hellos but whose certificate was never read (TLS 1.3 encrypts it, and
// Node's full handshake did not complete) gets no verdict, never "healthy".
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { diagnoseVerdict } from '../../src/app/command-report.js';
import { runRules } from '../../src/diagnose/engine.js';
import { RULES } from '../../src/diagnose/rules/index.js';
import type { ObservationBase } from '../../src/model/observation.js';
import { fixturePath } from '../support/observation-scenarios.js';

function recorded(id: string): ObservationBase[] {
  return JSON.parse(readFileSync(fixturePath(id), 'utf8')) as ObservationBase[];
}

function verdictOf(observations: ObservationBase[]) {
  return diagnoseVerdict(runRules(RULES, observations).findings, observations);
}

test('the healthy recording is healthy: the certificate checks ran', () => {
  const v = verdictOf(recorded('healthy'));
  assert.equal(v.status, 'healthy');
  assert.match(v.summary, /certificate checks passed/);
});

test('the same server with its certificate unread (the full handshake timed out) is not healthy', () => {
  const obs = recorded('healthy')
    .filter((o) => !o.kind.startsWith('x509.'))
    .map((o) =>
      o.kind === 'probe.full-handshake'
        ? {
            ...o,
            result: {
              ok: false,
              chain: [],
              ocspStapled: false,
              sessionTicket: false,
              error: 'no completed handshake within 1200 ms',
              errorCode: 'ETIMEDOUT',
            },
          }
        : o,
    );
  const v = verdictOf(obs as ObservationBase[]);
  assert.equal(v.status, 'error');
  assert.match(
    v.summary,
    /certificate could not be read .*no completed handshake within 1200 ms.*certificate checks did not run/,
  );
});
