// Shared wording for the certificate rules: reading the x509 observations, evidence lines that
// say where a certificate came from (a file, or the chain a server sent), and the fix commands
// (certutil / PowerShell / update-ca-certificates / nginx) with the real values filled in.
import type { ObservationSet } from '../../../../model/observation.js';
import type { Evidence, Fix, FixCommand } from '../../../../model/finding.js';
import type {
  CertificateObservation,
  ChainElement,
  ChainObservation,
  KeyObservation,
  PolicyObservation,
  SourceObservation,
} from '../../../../model/observations/x509.js';
import policy from '../../../../x509/policy.json' with { type: 'json' };

export function certificates(set: ObservationSet): CertificateObservation[] {
  return set.of<CertificateObservation>('x509.certificate');
}
export function leaves(set: ObservationSet): CertificateObservation[] {
  return certificates(set).filter((c) => c.leaf);
}
export function chains(set: ObservationSet): ChainObservation[] {
  return set.of<ChainObservation>('x509.chain');
}
export function keys(set: ObservationSet): KeyObservation[] {
  return set.of<KeyObservation>('x509.key');
}
export function sources(set: ObservationSet): SourceObservation[] {
  return set.of<SourceObservation>('x509.source');
}

export function policyOf(set: ObservationSet): Omit<PolicyObservation, 'kind' | 'from'> {
  const p = set.of<PolicyObservation>('x509.policy')[0];
  return (
    p ?? {
      minRsaBits: policy.minRsaBits,
      allowedCurves: policy.allowedCurves,
      weakSignatureHashes: policy.weakSignatureHashes,
      maxLifetimeDays: policy.maxLifetimeDays,
      lifetimeRuleFrom: policy.lifetimeRuleFrom,
      warnDays: policy.warnDays,
      clockSkewHintHours: policy.clockSkewHintHours,
    }
  );
}

export function certBySha1(set: ObservationSet, thumbprint: string): CertificateObservation | undefined {
  return certificates(set).find((c) => c.thumbprintSha1 === thumbprint);
}

/**
 * A certificate's name in words: its subject, or for an empty subject (RFC 5280 §4.1.2.6: the
 * critical subjectAltName names it) "(empty subject, SAN IP:127.0.0.1)".
 */
export function subjectText(c: { subject: string; san?: CertificateObservation['san'] }): string {
  if (c.subject !== '') return c.subject;
  const san = c.san ? [...c.san.dns.map((d) => `DNS:${d}`), ...c.san.ip.map((x) => `IP:${x}`)] : [];
  return san.length > 0 ? `(empty subject, SAN ${san.join(', ')})` : '(empty subject)';
}

/** "CN=shop.test (thumbprint 3A1F…)" */
export function describe(c: {
  subject: string;
  thumbprintSha1: string;
  san?: CertificateObservation['san'];
}): string {
  return c.subject === ''
    ? `${subjectText(c)} (thumbprint ${c.thumbprintSha1})`
    : `"${c.subject}" (thumbprint ${c.thumbprintSha1})`;
}

/** Where it came from, in words: "server 127.0.0.1:8443 sent certificate #1" / "file leaf.pem line 1". */
export function whereFrom(c: CertificateObservation): string {
  if (c.served) return `server ${c.from.origin} sent it as certificate #${c.index}`;
  return `file ${c.from.origin}${c.from.line !== undefined ? ` line ${c.from.line}` : ''}`;
}

export function certEvidence(c: CertificateObservation, text: string): Evidence {
  return { from: c.from, text: `${describe(c)}, ${whereFrom(c)}: ${text}` };
}

export function chainEvidence(ch: ChainObservation, text: string): Evidence {
  const prefix = ch.served ? `chain sent by ${ch.from.origin}` : `chain of ${ch.from.origin}`;
  return { from: ch.from, text: `${prefix}: ${text}` };
}

export function pathText(path: ChainElement[]): string {
  return path
    .map(
      (e) =>
        `"${e.subject}"${e.source === 'store' ? ` [${e.store}${e.storeFile ? ` ${e.storeFile}` : ''}]` : e.source === 'aia' ? ' [downloaded from AIA]' : ''}`,
    )
    .join(' → ');
}

export const days = (ms: number): number => Math.floor(ms / 86400_000);

// ---- fixes ----

/** How to make clients trust a private root (Windows, Linux). */
export function trustRootFix(rootSubject: string, served: boolean): Fix {
  const steps = [
    `Export the root certificate "${rootSubject}" as root.cer (Base-64 or DER).`,
    served
      ? 'On every CLIENT that must connect (not the server): add it to the trusted root store — or replace the server certificate with one from a publicly trusted CA.'
      : 'On every machine that must trust it: add it to the trusted root store (Windows: Local Computer → Trusted Root Certification Authorities).',
    'Reopen the browser / restart the client so it re-reads the store.',
  ];
  const commands: FixCommand[] = [
    { platform: 'windows-cmd', command: 'certutil -addstore Root root.cer' },
    {
      platform: 'powershell',
      command: 'Import-Certificate -FilePath root.cer -CertStoreLocation Cert:\\LocalMachine\\Root',
    },
    {
      platform: 'shell',
      command:
        'sudo cp root.cer /usr/local/share/ca-certificates/private-root.crt && sudo update-ca-certificates',
    },
  ];
  return { steps, commands };
}

/** How to make a server send its whole chain (leaf first, then the intermediates). */
export function servedChainFix(intermediate: string | undefined, aia: string[]): Fix {
  const name = intermediate ? `"${intermediate}"` : 'the intermediate certificate(s)';
  const steps = [
    `Get ${name}${aia.length ? ` — the certificate names where it is published: ${aia.join(', ')}` : ' from your CA (its "chain" or "CA bundle" download)'}.`,
    'nginx / Apache: put the leaf first, then the intermediates, in ONE file and point ssl_certificate (SSLCertificateFile) at it; reload.',
    'IIS / Windows: import the intermediate into the Local Computer "Intermediate Certification Authorities" store; SChannel then sends it. Re-import the PFX with "include all certificates in the chain" if it came as a PFX.',
  ];
  return {
    steps,
    commands: [
      { platform: 'shell', command: 'cat server.crt intermediate.crt > fullchain.pem' },
      { platform: 'nginx', command: 'ssl_certificate /etc/nginx/ssl/fullchain.pem;' },
      { platform: 'windows-cmd', command: 'certutil -addstore CA intermediate.cer' },
      {
        platform: 'powershell',
        command: 'Import-Certificate -FilePath intermediate.cer -CertStoreLocation Cert:\\LocalMachine\\CA',
      },
    ],
  };
}

/** Reissue: the certificate itself must change. */
export function reissueFix(what: string, host?: string): Fix {
  const subj = host ?? 'your.host';
  return {
    steps: [
      `Request a new certificate ${what}.`,
      'Install it with its private key and rebind the site (IIS: Site Bindings → https → choose the new certificate; nginx: ssl_certificate/ssl_certificate_key; reload).',
    ],
    commands: [
      {
        platform: 'shell',
        command: `openssl req -new -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj "/CN=${subj}" -addext "subjectAltName=DNS:${subj}" -addext "extendedKeyUsage=serverAuth"`,
      },
      {
        platform: 'powershell',
        command: `Get-Certificate -Template WebServer -DnsName ${subj} -CertStoreLocation Cert:\\LocalMachine\\My`,
      },
    ],
  };
}
