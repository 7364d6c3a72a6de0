// Rule tests run the real gatherer on real certificates (generate.ts), written to temp files.
import { after } from 'node:test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateCertificate, type CertSpec, type GeneratedCert } from '../../../../src/x509/generate.js';
import { observeFiles, observeServedChain } from '../../../../src/x509/gather.js';
import { runRules } from '../../../../src/diagnose/engine.js';
import type { RuleResult } from '../../../../src/model/finding.js';
import type { Rule } from '../../../../src/diagnose/rule.js';
import type { ObservationBase } from '../../../../src/model/observation.js';
import { tempDir } from '../../../x509/helpers.js';

const tmp = tempDir('tlsdoctor-rules-');
after(() => tmp.cleanup());
let n = 0;

export interface Pki {
  root: GeneratedCert;
  inter: GeneratedCert;
  leaf: GeneratedCert;
}

/** root → intermediate → leaf (P-256 keys, fast), each part overridable. */
export async function makePki(
  leaf: Partial<CertSpec> = {},
  inter: Partial<CertSpec> = {},
  root: Partial<CertSpec> = {},
): Promise<Pki> {
  const r = await generateCertificate({
    subject: 'CN=Rule Test Root, O=tlsdoctor',
    isCA: true,
    key: { type: 'ec' },
    ...root,
  });
  const i = await generateCertificate({
    subject: 'CN=Rule Test Intermediate, O=tlsdoctor',
    isCA: true,
    key: { type: 'ec' },
    issuer: r,
    aiaCaIssuers: ['http://127.0.0.1:8080/root.cer'],
    ...inter,
  });
  const l = await generateCertificate({
    subject: 'CN=shop.test',
    key: { type: 'ec' },
    issuer: i,
    san: { dns: ['shop.test', '*.shop.test'] },
    aiaCaIssuers: ['http://127.0.0.1:8080/inter.cer'],
    ...leaf,
  });
  return { root: r, inter: i, leaf: l };
}

export function writeTemp(name: string, data: string | Buffer): string {
  const f = join(tmp.dir, `${n++}-${name}`);
  writeFileSync(f, data);
  return f;
}

export interface ObserveOptions {
  /** each inner list is one PEM file, in that order */
  files?: GeneratedCert[][];
  /** extra raw files (PFX …) */
  rawFiles?: string[];
  keys?: string[];
  ca?: GeneratedCert[];
  host?: string;
  now?: Date;
  warnDays?: number;
  password?: string;
  /** a served chain instead of files */
  served?: GeneratedCert[];
}

export async function observe(o: ObserveOptions): Promise<ObservationBase[]> {
  const caFiles = (o.ca ?? []).map((c) => writeTemp('ca.pem', c.certPem));
  const common = {
    caFiles,
    useSystemStore: false,
    useMozillaStore: false,
    ...(o.host ? { host: o.host } : {}),
    ...(o.now ? { now: o.now } : {}),
    ...(o.warnDays !== undefined ? { warnDays: o.warnDays } : {}),
  };
  if (o.served)
    return observeServedChain(
      o.served.map((c) => c.certDer),
      { origin: { source: 'probe', origin: '127.0.0.1:8443' }, ...common },
    );
  const files = [
    ...(o.files ?? []).map((group) => writeTemp('chain.pem', group.map((c) => c.certPem).join(''))),
    ...(o.rawFiles ?? []),
  ];
  const keyFiles = (o.keys ?? []).map((k) => writeTemp('key.pem', k));
  return observeFiles(files, {
    ...common,
    keyFiles,
    ...(o.password !== undefined ? { password: o.password } : {}),
  });
}

export function check(rule: Rule, obs: ObservationBase[]): RuleResult {
  return runRules([rule], obs).results[0]!;
}
