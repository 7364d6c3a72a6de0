// Running `tlsdoctor cert` (src/app/cert-report.ts, the code the command uses) over certificates
// from public corpora and comparing with each corpus's documented outcome. Shared by
// scripts/cert-corpus.mjs (the whole corpora, by hand) and test/x509/corpus.test.ts (the manifest).
//
//   x509-limbo (C2SP/x509-limbo): path-validation cases; expected_result SUCCESS/FAILURE with the
//     trust anchors, intermediates, validation time and peer name of each case.
//   zlint (zmap/zlint): v3/testdata/*.pem, each made to trigger (or pass) the lint its test in
//     v3/lints/**/_test.go names; compared where tlsdoctor has an equivalent finding (LINT_MAP).
//   pyca/cryptography: vectors/cryptography_vectors/x509; the documented outcome we check is
//     "loads, or fails with one line" (never a crash, a stack trace or a hang).
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { certReport } from '../../src/app/cert-report.js';
import { TlsDoctorError } from '../../src/errors.js';

export type Verdict = 'accept' | 'reject';

export interface CertOutcome {
  /** finding ids with their severity */
  findings: Array<{ id: string; severity: string }>;
  /** a file tlsdoctor refused, with its one-line message */
  error?: { code: string; message: string };
  /** anything but tlsdoctor's own error: always a defect */
  crash?: string;
}

export interface RunOptions {
  ca?: string[];
  key?: string[];
  host?: string;
  now?: Date;
  contents?: ReadonlyMap<string, Buffer>;
}

export async function runCert(files: string[], opts: RunOptions = {}): Promise<CertOutcome> {
  try {
    const report = await certReport(
      files,
      {
        systemStore: false,
        mozillaStore: false,
        ...(opts.ca ? { ca: opts.ca } : {}),
        ...(opts.key ? { key: opts.key } : {}),
        ...(opts.host ? { host: opts.host } : {}),
        ...(opts.contents ? { contents: opts.contents } : {}),
      },
      opts.now ?? new Date(),
    );
    const errors = (report.rules ?? []).filter((r) => r.status === 'error');
    if (errors.length > 0)
      return {
        findings: [],
        crash: `rule error: ${errors.map((r) => `${r.ruleId}: ${r.note ?? ''}`).join('; ')}`,
      };
    return { findings: report.findings.map((f) => ({ id: f.id, severity: f.severity })) };
  } catch (e) {
    if (e instanceof TlsDoctorError) {
      const message = e.message;
      if (/\n/.test(message) || /\bat .+:\d+:\d+\)?/.test(message))
        return { findings: [], crash: `multi-line error: ${JSON.stringify(message)}` };
      return { findings: [], error: { code: e.code, message } };
    }
    return { findings: [], crash: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
}

/** A verifier's answer: a blocker finding, or a refused file, rejects the certificate. */
export function verdictOf(o: CertOutcome): Verdict {
  if (o.error) return 'reject';
  return o.findings.some((f) => f.severity === 'blocker') ? 'reject' : 'accept';
}

// ---------------------------------------------------------------------------------------------
// x509-limbo

export interface LimboCase {
  id: string;
  description: string;
  features?: string[];
  validation_kind: 'SERVER' | 'CLIENT';
  trusted_certs: string[];
  untrusted_intermediates: string[];
  peer_certificate: string;
  peer_certificate_key?: string | null;
  validation_time?: string | null;
  expected_result: 'SUCCESS' | 'FAILURE';
  expected_peer_name?: { kind: 'DNS' | 'IP' | 'RFC822'; value: string } | null;
  extended_key_usage?: string[];
  max_chain_depth?: number | null;
  signature_algorithms?: string[];
  key_usage?: string[];
}

export interface CaseResult {
  corpus: 'limbo' | 'zlint' | 'zlint-files' | 'pyca';
  id: string;
  expected: string;
  ours: string;
  agree: boolean;
  /** why a disagreement is not a defect (EXPLAINED), when it is one */
  explained?: string;
  /** the explanation names a defect not fixed yet */
  open?: boolean;
  /** what the case ran on: file paths by role, the host checked and the validation time */
  inputs?: { files: Record<string, string>; host?: string; time: string };
  findings: string[];
  error?: string;
  crash?: string;
}

/** When a limbo case states no validation time, its certificates are valid "now". */
const LIMBO_DEFAULT_TIME = new Date('2024-06-01T00:00:00Z');

export async function runLimboCase(tc: LimboCase, dir: string): Promise<CaseResult> {
  mkdirSync(dir, { recursive: true });
  const safe = tc.id.replace(/[^A-Za-z0-9._-]+/g, '_');
  const peer = join(dir, `${safe}.chain.pem`);
  writeFileSync(peer, [tc.peer_certificate, ...tc.untrusted_intermediates].join(''));
  const ca = join(dir, `${safe}.roots.pem`);
  writeFileSync(ca, tc.trusted_certs.join(''));
  const files = [peer];
  const key = tc.peer_certificate_key ? join(dir, `${safe}.key.pem`) : undefined;
  if (key) writeFileSync(key, tc.peer_certificate_key!);
  const host =
    tc.expected_peer_name && tc.expected_peer_name.kind !== 'RFC822'
      ? tc.expected_peer_name.value
      : undefined;
  const o = await runCert(files, {
    ...(tc.trusted_certs.length > 0 ? { ca: [ca] } : {}),
    ...(key ? { key: [key] } : {}),
    ...(host ? { host } : {}),
    now: tc.validation_time ? new Date(tc.validation_time) : LIMBO_DEFAULT_TIME,
  });
  const expected: Verdict = tc.expected_result === 'SUCCESS' ? 'accept' : 'reject';
  const ours = o.crash ? 'crash' : verdictOf(o);
  const r: CaseResult = {
    corpus: 'limbo',
    id: tc.id,
    expected,
    ours,
    agree: ours === expected,
    inputs: {
      files: { chain: peer, ...(tc.trusted_certs.length > 0 ? { roots: ca } : {}), ...(key ? { key } : {}) },
      ...(host ? { host } : {}),
      time: (tc.validation_time ? new Date(tc.validation_time) : LIMBO_DEFAULT_TIME).toISOString(),
    },
    findings: o.findings.map((f) => `${f.id}:${f.severity}`),
    ...(o.error ? { error: `${o.error.code}: ${o.error.message}` } : {}),
    ...(o.crash ? { crash: o.crash } : {}),
  };
  if (!r.agree && !o.crash) {
    const why = explainLimbo(tc, r);
    if (why) r.explained = why;
  }
  return r;
}

/**
 * Checks tlsdoctor deliberately does not make, each with the reason. A limbo case that disagrees
 * only for one of these is a documented exception (docs/cert.md "Checked against public corpora").
 * `open: true` marks a known defect that is not fixed yet (counted, and printed, as one).
 */
export const LIMBO_EXCEPTIONS: Array<{ match: (tc: LimboCase) => boolean; reason: string; open?: true }> = [
  {
    match: (tc) => tc.validation_kind === 'CLIENT',
    reason: 'client-certificate validation (S/MIME, clientAuth): cert judges server certificates',
  },
  {
    match: (tc) => (tc.features ?? []).includes('has-crl') || tc.id.startsWith('crl::'),
    reason: 'revocation (CRL/OCSP) is not checked: cert works offline on the files given',
  },
  {
    match: (tc) => /::(pc|policy)|policy-constraints|inhibit-any|policy-mapping/.test(tc.id),
    reason:
      'certificate policies (policyConstraints, inhibitAnyPolicy, mappings) are not evaluated: the Web PKI does not rely on them',
  },
  {
    match: (tc) => (tc.features ?? []).includes('pedantic-serial-number') || /::serial::/.test(tc.id),
    reason: 'serial-number encoding rules (length, sign) are CA issuance lints that clients tolerate',
  },
  {
    match: (tc) => (tc.features ?? []).includes('max-chain-depth'),
    reason: 'a verifier-chosen maximum chain depth (max_chain_depth) is an option of the case, not of cert',
  },
  {
    match: (tc) => (tc.features ?? []).includes('denial-of-service'),
    reason:
      'built for verifiers that give up at a work limit; cert finishes the case in bounded time (policy maxPaths, maxChainDepth) and judges the path it found',
  },
  {
    match: (tc) =>
      (tc.features ?? []).some((f) =>
        [
          'pedantic-webpki-eku',
          'pedantic-webpki-subscriber-key',
          'pedantic-public-suffix-wildcard',
          'pedantic-rfc5280',
        ].includes(f),
      ),
    reason:
      'a CA/Browser Forum or RFC 5280 issuance rule that browsers do not enforce when they validate (limbo marks it pedantic); weak keys are reported (cert.weak-key), not as a blocker',
  },
  {
    match: (tc) => (tc.features ?? []).includes('rfc5280-incompatible-with-webpki'),
    reason: 'RFC 5280 and the Web PKI disagree; cert follows what browsers do',
  },
  {
    match: (tc) => tc.id.startsWith('webpki::cn::'),
    reason:
      'the CN must copy a SAN entry (BR 7.1.4.3): an issuance rule; browsers ignore the CN when a SAN exists, and the host matched the SAN',
  },
  {
    match: (tc) => /::(aki|ski)::/.test(tc.id),
    reason:
      'presence and form of authority/subject key identifiers: RFC 5280 4.2.1.1/4.2.1.2 conformance for CAs that path builders do not require',
  },
  {
    match: (tc) =>
      /root-missing-basic-constraints|root-non-critical-basic-constraints|root-inconsistent-ca-extensions|unknown-critical-extension-root|webpki::forbidden-.*-root|webpki::eku::root-has-eku|webpki::explicit-curve/.test(
        tc.id,
      ),
    reason:
      'the trust anchor itself (given with --ca) is trusted as given: RFC 5280 6.1.1 (d) takes its name and key as input, not as a certificate to validate',
  },
  {
    match: (tc) => tc.id === 'rfc5280::ca-as-leaf' || tc.id === 'pathlen::validation-ignores-pathlen-in-leaf',
    reason:
      'path validation accepts it, but its keyUsage lacks digitalSignature, which a TLS server key signs the handshake with (RFC 5280 4.2.1.3, RFC 8446 4.4.2.2): cert.key-usage is right for TLS',
  },
  {
    match: (tc) =>
      /rfc5280::nc::(invalid-|not-allowed-in-ee|nc-permits-invalid|nc-forbids-othername|nc-forbids-dnsname-wildcard-san)|webpki::nc::intermediate-permitted-excluded-subtrees/.test(
        tc.id,
      ),
    reason:
      'the name-constraints extension itself is malformed or misplaced, or constrains otherName: cert evaluates dNSName and iPAddress subtrees and does not lint the extension',
  },
  {
    match: (tc) => /rfc5280::san::|webpki::san::san-critical/.test(tc.id),
    reason:
      'SAN criticality and dNSName characters (underscore) are issuance rules; browsers accept these certificates',
  },
  {
    match: (tc) => tc.id === 'webpki::ee-basicconstraints-ca' || tc.id === 'rfc5280::leaf-ku-keycertsign',
    reason:
      'a server certificate marked as a CA (CA:TRUE, keyCertSign) is accepted by browsers (openssl req -x509 makes such certificates)',
  },
  {
    match: (tc) => tc.id === 'webpki::san::no-san' || tc.id === 'webpki::v1-cert',
    reason:
      'reported as cert.cn-only (high, not blocker): browsers refuse it, clients that fall back to the CN (curl, Java, .NET) accept it',
  },
];

function explainLimbo(tc: LimboCase, r: CaseResult): string | undefined {
  const e = LIMBO_EXCEPTIONS.find((x) => x.match(tc));
  if (e?.open) r.open = true;
  return e?.reason;
}

// ---------------------------------------------------------------------------------------------
// zlint

export type LintStatus = 'pass' | 'error' | 'warn' | 'notice' | 'na' | 'ne' | 'fatal';

export interface LintExpectation {
  lint: string;
  /** file name inside v3/testdata */
  file: string;
  status: LintStatus;
  /** the _test.go file it comes from, relative to the zlint root */
  test: string;
}

/**
 * The zlint lints with a tlsdoctor equivalent: a certificate the lint flags (error/warn) must get
 * the finding, one it passes must not. Lints without an equivalent are not compared.
 */
export const LINT_MAP: Readonly<Record<string, string>> = {
  e_rsa_mod_less_than_2048_bits: 'cert.weak-key',
  e_prohibit_dsa_usage: 'cert.weak-key',
  e_br_prohibit_dsa_usage: 'cert.weak-key',
  e_ec_improper_curves: 'cert.weak-key',
  e_sub_cert_or_sub_ca_using_sha1: 'cert.weak-signature',
  e_ext_san_missing: 'cert.cn-only',
  e_sub_cert_eku_check: 'cert.eku-no-server-auth',
  e_sub_cert_eku_server_auth_client_auth_missing: 'cert.eku-no-server-auth',
  e_server_cert_valid_time_longer_than_398_days: 'cert.lifetime-too-long',
  e_basic_constr_invalid_der: 'cert.malformed',
  e_cert_ext_invalid_der: 'cert.malformed',
  e_ext_key_usage_without_bits: 'cert.malformed',
};

/**
 * zlint disagreements that are not defects: where the lint and the finding look at the same
 * field but answer different questions.
 */
export const ZLINT_EXCEPTIONS: Array<{ lint: string; file?: string; reason: string }> = [
  ...[
    'subExtKeyUsageServerAuthAndTimeStamping.pem',
    'subExtKeyUsageServerAuthAndPreCertSigCert.pem',
    'subExtKeyUsageServerAuthAndUnknown.pem',
  ].map((file) => ({
    lint: 'e_sub_cert_eku_check',
    file,
    reason:
      'the lint also forbids purposes beside serverAuth (BR 7.1.2.7.10); cert.eku-no-server-auth asks only whether serverAuth is there, which is what TLS clients check',
  })),
  {
    lint: 'e_sub_cert_or_sub_ca_using_sha1',
    file: 'rsawithsha1after2016.pem',
    reason:
      "a self-signed certificate's own signature is never checked by clients (a trust anchor, RFC 5280 6.1.1 (d)), so cert.weak-signature leaves it out",
  },
  {
    lint: 'e_basic_constr_invalid_der',
    reason:
      'cA FALSE encoded explicitly is BER, not DER, but clients accept it (BoringSSL pki ParseBasicConstraints tolerates it: too many certificates carry it)',
  },
];

const STATUS_RE = /\blint\.(Pass|Error|Warn|Notice|NA|NE|Fatal)\b/g;

/** Reads every v3/lints/**\/*_test.go: which test certificate each lint test expects what of. */
export function zlintExpectations(root: string): LintExpectation[] {
  const out: LintExpectation[] = [];
  const lintsDir = join(root, 'v3', 'lints');
  for (const file of walk(lintsDir).filter((f) => f.endsWith('_test.go'))) {
    const text = readFileSync(file, 'utf8');
    const fileLints = [
      ...new Set([...text.matchAll(/TestLint(?:WithConfig)?\("([a-z0-9_]+)"/g)].map((m) => m[1]!)),
    ];
    const funcs = text.split(/\nfunc Test/);
    for (const fn of funcs) {
      const lints = [
        ...new Set([...fn.matchAll(/TestLint(?:WithConfig)?\("([a-z0-9_]+)"/g)].map((m) => m[1]!)),
      ];
      const lint =
        lints.length === 1
          ? lints[0]
          : lints.length === 0 && fileLints.length === 1
            ? fileLints[0]
            : undefined;
      if (!lint) continue;
      // pair each "x.pem" with the nearest status token after it (before the next file), else before it
      const tokens: Array<{ at: number; pem?: string; status?: string }> = [
        ...[...fn.matchAll(/"([A-Za-z0-9_.\-/]+\.pem)"/g)].map((m) => ({ at: m.index, pem: m[1]! })),
        ...[...fn.matchAll(STATUS_RE)].map((m) => ({ at: m.index, status: m[1]! })),
      ].sort((a, b) => a.at - b.at);
      tokens.forEach((t, i) => {
        if (!t.pem) return;
        let status: string | undefined;
        for (let j = i + 1; j < tokens.length && !tokens[j]!.pem; j++) {
          status = tokens[j]!.status;
          break;
        }
        if (!status)
          for (let j = i - 1; j >= 0 && !tokens[j]!.pem; j--) {
            status = tokens[j]!.status;
            break;
          }
        if (!status) return;
        out.push({
          lint,
          file: t.pem.replace(/^(\.\.\/)*(testdata\/)?/, ''),
          status: status.toLowerCase() as LintStatus,
          test: relative(root, file),
        });
      });
    }
  }
  return out;
}

export async function runZlintCase(
  root: string,
  e: LintExpectation,
  now: Date,
): Promise<CaseResult | undefined> {
  const finding = LINT_MAP[e.lint];
  if (!finding || e.status === 'na' || e.status === 'ne' || e.status === 'fatal') return undefined;
  const path = join(root, 'v3', 'testdata', e.file);
  const o = await runCert([path], { now });
  const flagged = e.status !== 'pass';
  const has = o.findings.some((f) => f.id === finding);
  const expected = flagged ? `${finding}` : `no ${finding}`;
  const ours = o.crash
    ? 'crash'
    : o.error
      ? `refused (${o.error.code})`
      : has
        ? `${finding}`
        : `no ${finding}`;
  const r: CaseResult = {
    corpus: 'zlint',
    id: `${e.lint} ${e.file}`,
    expected,
    ours,
    agree: ours === expected,
    findings: o.findings.map((f) => `${f.id}:${f.severity}`),
    ...(o.error ? { error: `${o.error.code}: ${o.error.message}` } : {}),
    ...(o.crash ? { crash: o.crash } : {}),
  };
  if (!r.agree && !o.crash) {
    const why = ZLINT_EXCEPTIONS.find(
      (x) => x.lint === e.lint && (x.file === undefined || x.file === e.file),
    );
    if (why) r.explained = why.reason;
  }
  return r;
}

// ---------------------------------------------------------------------------------------------
// pyca/cryptography and any other folder of files: load, never crash

export async function runFileCase(
  corpus: 'pyca',
  root: string,
  path: string,
  now: Date,
): Promise<CaseResult> {
  const o = await runCert([path], { now });
  const ours = o.crash ? 'crash' : o.error ? 'one-line error' : 'loaded';
  return {
    corpus,
    id: relative(root, path),
    expected: 'loaded or one-line error',
    ours,
    agree: !o.crash,
    findings: o.findings.map((f) => `${f.id}:${f.severity}`),
    ...(o.error ? { error: `${o.error.code}: ${o.error.message}` } : {}),
    ...(o.crash ? { crash: o.crash } : {}),
  };
}

export function walk(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile()) out.push(p);
  }
  return out.sort();
}

// ---------------------------------------------------------------------------------------------
// The checked sample: test/fixtures/x509-corpus/manifest.json (sources, licences, expectations)
// and the files themselves (kept beside the repository, see the README there).

export const SOURCES = {
  limbo: {
    repo: 'C2SP/x509-limbo',
    commit: '8a2e6f41023b1716dc16fe63335e4bb972e4c3f6',
    licence: 'Apache-2.0',
  },
  zlint: { repo: 'zmap/zlint', commit: '1007b1d55fa0de8d6639088d6a7a6493b09b858c', licence: 'Apache-2.0' },
  pyca: { repo: 'pyca/cryptography', licence: 'Apache-2.0 OR BSD-3-Clause' },
} as const;

export interface ManifestEntry {
  id: string;
  corpus: CaseResult['corpus'];
  source: { repo: string; path: string; commit?: string; licence: string };
  /** role → path inside the sample folder */
  files: Record<string, string>;
  /** role → SHA-256 of the file, so a changed sample file is noticed */
  sha256: Record<string, string>;
  host?: string;
  time: string;
  /** the corpus's documented outcome: accept/reject (limbo), "<finding>"/"no <finding>" (zlint), loaded/one-line error (files) */
  expected: string;
  /** for zlint: the lint the corpus tests */
  lint?: string;
  /** why tlsdoctor's outcome differs (a documented exception); then `ours` is what tlsdoctor answers */
  exception?: string;
  ours?: string;
  /** a finding tlsdoctor must report on it (a fixed disagreement) */
  finding?: string;
}

/** The Python module of x509-limbo that generates a case. */
export function limboSourcePath(id: string): string {
  const parts = id.split('::');
  if (parts.length >= 3) return `limbo/testcases/${parts[0]}/${parts[1]}.py`;
  if (parts[0] === 'rfc5280' || parts[0] === 'webpki') return `limbo/testcases/${parts[0]}/__init__.py`;
  return `limbo/testcases/${parts[0]}.py`;
}

/** Runs one manifest entry from the sample folder; the outcome in the manifest's terms. */
export async function runManifestEntry(
  dir: string,
  e: ManifestEntry,
): Promise<{ ours: string; findings: string[]; detail: string }> {
  const f = (role: string): string => join(dir, e.files[role]!);
  const now = new Date(e.time);
  if (e.corpus === 'limbo') {
    const o = await runCert([f('chain')], {
      ...(e.files.roots ? { ca: [f('roots')] } : {}),
      ...(e.files.key ? { key: [f('key')] } : {}),
      ...(e.host ? { host: e.host } : {}),
      now,
    });
    return {
      ours: o.crash ? 'crash' : verdictOf(o),
      findings: o.findings.map((x) => x.id),
      detail: describeOutcome(o),
    };
  }
  const o = await runCert([f('cert')], { now });
  const findings = o.findings.map((x) => x.id);
  if (e.corpus === 'zlint') {
    const id = LINT_MAP[e.lint!]!;
    const ours = o.crash
      ? 'crash'
      : o.error
        ? `refused (${o.error.code})`
        : findings.includes(id)
          ? id
          : `no ${id}`;
    return { ours, findings, detail: describeOutcome(o) };
  }
  return {
    ours: o.crash ? 'crash' : o.error ? 'one-line error' : 'loaded',
    findings,
    detail: describeOutcome(o),
  };
}

function describeOutcome(o: CertOutcome): string {
  if (o.crash) return `crash: ${o.crash}`;
  if (o.error) return `${o.error.code}: ${o.error.message}`;
  return o.findings.map((x) => `${x.id}:${x.severity}`).join(', ') || 'no findings';
}

/** The x509-limbo cases where tlsdoctor disagreed and was fixed: kept in the sample as regressions. */
export const FIXED_LIMBO = [
  'cve::cve-2025-61727',
  'pathological::multiple-chains-expired-intermediate',
  'rfc5280::nc::permitted-self-issued',
  'rfc5280::nc::nc-forbids-dnsname-wildcard-san',
  'rfc5280::nc::permitted-ip-mismatch',
  'rfc5280::nc::excluded-ipv4-match',
  'rfc5280::nc::excluded-ipv6-match',
  'rfc5280::serial::negative',
  'rfc5280::validity::expired-root',
  'rfc5280::validity::notafter-fractional',
  'rfc5280::unknown-critical-extension-ee',
  'rfc5280::unknown-critical-extension-intermediate',
  'rfc5280::unknown-critical-extension-unrelated-intermediate',
  'rfc5280::ee-critical-aia-invalid',
  'rfc5280::duplicate-extensions',
];

/** pyca vectors where tlsdoctor must report a finding (fixed disagreements). */
export const PYCA_FINDINGS: Readonly<Record<string, string>> = {
  'custom/ec_no_named_curve.pem': 'cert.weak-key',
  'custom/invalid_version.pem': 'cert.malformed',
};
