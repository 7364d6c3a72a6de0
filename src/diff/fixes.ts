// The change that makes the failing side like the working one, for the failing side's platform:
// registry values (SCHANNEL, the cipher-suite order policy), netsh http commands, the TLS
// PowerShell cmdlets, or the nginx / Apache directive. Pure: facets in, a Fix out; nothing here
// runs anything. Where no writer fits, the failing side's finding brings its own fix.
//
// Sources: SCHANNEL protocol and algorithm keys — Microsoft Learn "Transport Layer Security (TLS)
// registry settings"; cipher-suite order policy (SSL\00010002 Functions) — "Prioritizing Schannel
// cipher suites"; netsh http add/delete sslcert and iplisten — "Netsh http commands";
// Enable-/Disable-TlsCipherSuite — the TLS PowerShell module reference; nginx ssl_* directives —
// nginx.org ngx_http_ssl_module; Apache SSLProtocol/SSLCipherSuite/SSLCertificateFile — mod_ssl.
import type { Finding, FixCommand } from '../model/finding.js';
import type { DiffPlatform, DiffSide, Difference, RegistryChange } from '../model/report.js';
import type { Facet, FacetDetail } from './facets.js';
import { SCHANNEL_PROTOCOLS } from './facets.js';
import { cipherSuite, cipherSuiteName, cipherSuiteOpensslName, versionName } from '../wire/registry/index.js';
import { Version } from '../wire/index.js';

export const SCHANNEL_KEY =
  'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL';
export const CIPHER_POLICY_KEY =
  'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Cryptography\\Configuration\\SSL\\00010002';

export interface FixInput {
  key: string;
  good: Facet | undefined;
  bad: Facet | undefined;
  goodSide: DiffSide;
  badSide: DiffSide;
  /** every facet of the failing side (what its platform supports) */
  badFacets?: ReadonlyMap<string, Facet>;
  finding?: Finding;
}

type Fix = NonNullable<Difference['fix']>;

const NGINX_VERSION: Record<number, string> = {
  [Version.SSL3]: 'SSLv3',
  [Version.TLS10]: 'TLSv1',
  [Version.TLS11]: 'TLSv1.1',
  [Version.TLS12]: 'TLSv1.2',
  [Version.TLS13]: 'TLSv1.3',
};
const APACHE_VERSION: Record<number, string> = {
  [Version.SSL3]: 'SSLv3',
  [Version.TLS10]: 'TLSv1',
  [Version.TLS11]: 'TLSv1.1',
  [Version.TLS12]: 'TLSv1.2',
  [Version.TLS13]: 'TLSv1.3',
};

/** the `reg add` command line of one registry change (cmd.exe quoting) */
export function regAdd(c: RegistryChange): string {
  const key = c.key.replace(/^HKEY_LOCAL_MACHINE\\/, 'HKLM\\');
  if (c.type === 'delete') return `reg delete "${key}" /v ${c.name} /f`;
  const data =
    c.type === 'REG_DWORD'
      ? `0x${(c.value as number).toString(16)}`
      : c.type === 'REG_MULTI_SZ'
        ? `"${(c.value as string[]).join('\\0')}"`
        : `"${String(c.value)}"`;
  return `reg add "${key}" /v ${c.name} /t ${c.type} /d ${data} /f`;
}

const servers = (p: DiffPlatform): Array<'nginx' | 'apache'> =>
  p === 'nginx' ? ['nginx'] : p === 'apache' ? ['apache'] : p === 'unknown' ? ['nginx', 'apache'] : [];

function detail<T extends FacetDetail['type']>(
  f: Facet | undefined,
  type: T,
): Extract<FacetDetail, { type: T }> | undefined {
  return f?.detail?.type === type ? (f.detail as Extract<FacetDetail, { type: T }>) : undefined;
}

function protocolChanges(protocol: string, enabled: boolean): RegistryChange[] {
  const key = `${SCHANNEL_KEY}\\Protocols\\${protocol}\\Server`;
  return [
    { key, name: 'Enabled', type: 'REG_DWORD', value: enabled ? 1 : 0 },
    { key, name: 'DisabledByDefault', type: 'REG_DWORD', value: enabled ? 0 : 1 },
  ];
}

function withFinding(fix: Fix | undefined, finding: Finding | undefined): Fix | undefined {
  if (!finding) return fix;
  const commands = finding.fix.commands ?? [];
  if (!fix) return { steps: [...finding.fix.steps], commands: [...commands] };
  if (fix.commands.length === 0 && !fix.registry?.length) return { ...fix, commands: [...commands] };
  return fix;
}

const restartSchannel = 'Restart the server: SCHANNEL reads these values at boot.';

export function fixFor(i: FixInput): Fix | undefined {
  return withFinding(writeFix(i), i.finding);
}

function writeFix(i: FixInput): Fix | undefined {
  const platform = i.badSide.platform;
  const k = i.key;
  const goodLabel = `the working side (${i.goodSide.target})`;

  if (k === 'protocol.versions') {
    const want = detail(i.good, 'versions')?.versions;
    if (!want) return undefined;
    const have = detail(i.bad, 'versions')?.versions ?? [];
    const steps = [
      `Accept the protocol versions ${goodLabel} accepts: ${want.map(versionName).join(', ') || 'none'}.`,
    ];
    if (platform === 'windows') {
      const unsupported = (name: string): boolean =>
        detail(i.badFacets?.get(`windows.schannel.${name}.server`), 'schannel')?.effective ===
        'not-supported';
      const changing = SCHANNEL_PROTOCOLS.filter(([, v]) => want.includes(v) !== have.includes(v));
      for (const [name] of changing.filter(([n]) => unsupported(n)))
        steps.push(
          `${name} is not implemented by this Windows version: it needs a newer Windows Server (TLS 1.3: 2022 or later).`,
        );
      const registry = changing
        .filter(([name]) => !unsupported(name))
        .flatMap(([name, v]) => protocolChanges(name, want.includes(v)));
      return { steps: [...steps, restartSchannel], commands: registry.map(regCmd), registry };
    }
    const commands: FixCommand[] = [];
    const names = want.filter((v) => NGINX_VERSION[v]);
    for (const s of servers(platform)) {
      if (s === 'nginx')
        commands.push({
          platform: 'nginx',
          command: `ssl_protocols ${names.map((v) => NGINX_VERSION[v]).join(' ')};`,
        });
      else
        commands.push({
          platform: 'apache',
          command: `SSLProtocol -all ${names.map((v) => `+${APACHE_VERSION[v]}`).join(' ')}`,
        });
    }
    if (want.some((v) => v <= Version.TLS11))
      steps.push(
        'OpenSSL 3 signs TLS 1.0/1.1 handshakes with SHA-1 only at security level 0: add @SECLEVEL=0 to the cipher string.',
      );
    return { steps, commands };
  }

  if (k.startsWith('windows.schannel.')) {
    const g = detail(i.good, 'schannel');
    if (!g || g.side !== 'server' || (g.effective !== 'enabled' && g.effective !== 'disabled'))
      return undefined;
    if (detail(i.bad, 'schannel')?.effective === 'not-supported')
      return {
        steps: [`${g.protocol} is not implemented by this Windows version: it needs a newer Windows Server.`],
        commands: [],
      };
    const registry = protocolChanges(g.protocol, g.effective === 'enabled');
    return {
      steps: [`Set SCHANNEL ${g.protocol} Server as on ${goodLabel}: ${g.effective}.`, restartSchannel],
      commands: registry.map(regCmd),
      registry,
    };
  }

  if (k.startsWith('windows.schannel-algorithm.')) {
    const g = detail(i.good, 'algorithm');
    const b = detail(i.bad, 'algorithm');
    const a = g ?? b;
    if (!a) return undefined;
    const sub =
      a.category === 'cipher' ? 'Ciphers' : a.category === 'hash' ? 'Hashes' : 'KeyExchangeAlgorithms';
    const key = `${SCHANNEL_KEY}\\${sub}\\${a.name}`;
    if (!g || g.enabledValue === null)
      return {
        steps: [
          `Remove the Enabled value of SCHANNEL ${sub}\\${a.name} (${goodLabel} has none: the OS default applies).`,
          restartSchannel,
        ],
        commands: [
          {
            platform: 'windows-cmd',
            command: `reg delete "${key.replace(/^HKEY_LOCAL_MACHINE\\/, 'HKLM\\')}" /v Enabled /f`,
          },
        ],
      };
    const registry: RegistryChange[] = [{ key, name: 'Enabled', type: 'REG_DWORD', value: g.enabledValue }];
    return {
      steps: [`Set SCHANNEL ${sub}\\${a.name} Enabled as on ${goodLabel}.`, restartSchannel],
      commands: registry.map(regCmd),
      registry,
    };
  }

  if (k === 'windows.cipher-order') {
    const g = detail(i.good, 'cipher-order');
    if (!g) return undefined;
    const b = detail(i.bad, 'cipher-order');
    if (b?.source === 'policy' && g.source !== 'policy') {
      const registry: RegistryChange[] = [
        { key: CIPHER_POLICY_KEY, name: 'Functions', type: 'delete', value: null },
      ];
      return {
        steps: [
          `Remove the cipher-suite order policy: ${goodLabel} has none and uses the local list.`,
          'If a Group Policy sets it (Computer Configuration ▸ Administrative Templates ▸ Network ▸ SSL Configuration Settings ▸ SSL Cipher Suite Order), set that policy to Not Configured instead: the next policy refresh writes the value again.',
          'Restart the server.',
        ],
        commands: registry.map(regCmd),
        registry,
      };
    }
    if (b && b.source !== 'policy') {
      // the local list: the TLS cmdlets edit it (a policy list, when present, overrides it)
      const have = new Set(b.suites.map((s) => s.toUpperCase()));
      const wantSet = new Set(g.suites.map((s) => s.toUpperCase()));
      const commands: FixCommand[] = [
        ...g.suites.flatMap((s, n) =>
          have.has(s.toUpperCase())
            ? []
            : [{ platform: 'powershell', command: `Enable-TlsCipherSuite -Name ${s} -Position ${n}` }],
        ),
        ...b.suites
          .filter((s) => !wantSet.has(s.toUpperCase()))
          .map((s) => ({ platform: 'powershell', command: `Disable-TlsCipherSuite -Name ${s}` })),
      ];
      return {
        steps: [
          `Enable the cipher suites ${goodLabel} has, in its order, and disable the others.`,
          'Restart the server.',
        ],
        commands,
      };
    }
    const registry: RegistryChange[] = [
      { key: CIPHER_POLICY_KEY, name: 'Functions', type: 'REG_SZ', value: g.suites.join(',') },
    ];
    return {
      steps: [
        `Set the cipher-suite order policy (SSL\\00010002 Functions) to the list in force on ${goodLabel}; the policy list wins over the local one.`,
        'Restart the server.',
      ],
      commands: registry.map(regCmd),
      registry,
    };
  }

  if (k.startsWith('windows.sslcert.')) return sslcertFix(i);

  if (k === 'windows.iplisten') {
    const g = detail(i.good, 'iplisten')?.addresses ?? [];
    const b = detail(i.bad, 'iplisten')?.addresses ?? [];
    const commands: FixCommand[] = [
      ...b
        .filter((x) => !g.includes(x))
        .map((x) => ({ platform: 'windows-cmd', command: `netsh http delete iplisten ipaddress=${x}` })),
      ...g
        .filter((x) => !b.includes(x))
        .map((x) => ({ platform: 'windows-cmd', command: `netsh http add iplisten ipaddress=${x}` })),
    ];
    return {
      steps: [
        `Make the HTTP.sys IP listen list like ${goodLabel}'s (${g.length ? g.join(', ') : 'empty: every address'}).`,
        'Then restart HTTP.sys and IIS (net stop http /y, then net start w3svc).',
      ],
      commands,
    };
  }

  if (k.startsWith('windows.port-owner.')) {
    const b = detail(i.bad, 'port-owner');
    if (!b?.pid || b.pid === 4) return undefined;
    return {
      steps: [
        `Stop or move ${b.image ?? `PID ${b.pid}`}, which listens on TCP ${b.port}; on ${goodLabel} HTTP.sys owns the port.`,
      ],
      commands: [
        { platform: 'windows-cmd', command: `tasklist /svc /fi "PID eq ${b.pid}"` },
        { platform: 'powershell', command: `Get-Process -Id ${b.pid} | Format-List Id,ProcessName,Path` },
      ],
    };
  }

  if (k.startsWith('cipher.suites.')) {
    const g = detail(i.good, 'suites');
    if (!g) return undefined;
    const steps = [`Offer the ${versionName(g.version)} suites ${goodLabel} accepts, in its order.`];
    const commands: FixCommand[] = [];
    if (platform === 'windows') {
      g.suites.forEach((s, n) =>
        commands.push({
          platform: 'powershell',
          command: `Enable-TlsCipherSuite -Name ${cipherSuiteName(s)} -Position ${n}`,
        }),
      );
      return { steps, commands };
    }
    const names = g.suites.map((s) =>
      g.version === Version.TLS13 ? cipherSuiteName(s) : cipherSuiteOpensslName(s),
    );
    for (const s of servers(platform)) {
      if (g.version === Version.TLS13)
        commands.push(
          s === 'nginx'
            ? { platform: 'nginx', command: `ssl_conf_command Ciphersuites ${names.join(':')};` }
            : { platform: 'apache', command: `SSLCipherSuite TLSv1.3 ${names.join(':')}` },
        );
      else
        commands.push(
          s === 'nginx'
            ? { platform: 'nginx', command: `ssl_ciphers ${names.join(':')};\nssl_prefer_server_ciphers on;` }
            : { platform: 'apache', command: `SSLCipherSuite ${names.join(':')}\nSSLHonorCipherOrder on` },
        );
    }
    if (g.suites.some((s) => !cipherSuite(s)?.openssl) && g.version !== Version.TLS13)
      steps.push('Some of these suites have no OpenSSL name: the server software must support them.');
    return { steps, commands };
  }

  if (k === 'chain.sent') {
    const g = detail(i.good, 'chain')?.subjects ?? [];
    const intermediates = g.slice(1);
    const steps = [
      `Send the certificate followed by the same intermediates as ${goodLabel}: ${intermediates.length ? intermediates.join(' ← ') : '(none)'}.`,
    ];
    const commands: FixCommand[] = [];
    if (platform === 'windows')
      commands.push({ platform: 'windows-cmd', command: 'certutil -addstore CA intermediate.cer' });
    for (const s of servers(platform))
      commands.push(
        s === 'nginx'
          ? {
              platform: 'nginx',
              command:
                'ssl_certificate /etc/ssl/site-fullchain.pem;  # the certificate, then each intermediate',
            }
          : {
              platform: 'apache',
              command:
                'SSLCertificateFile /etc/ssl/site-fullchain.pem  # the certificate, then each intermediate (Apache 2.4.8+)',
            },
      );
    return { steps, commands };
  }

  if (k.startsWith('cert.') || k.startsWith('chain.') || k === 'handshake.full') {
    // the failing side's finding knows the certificate fix best
    const g = i.good?.display;
    if (!g || i.finding) return undefined;
    return {
      steps: [`Install a certificate like the one on ${goodLabel} (${i.good!.title.toLowerCase()}: ${g}).`],
      commands: [],
    };
  }

  if (k.startsWith('sni.')) {
    const commands: FixCommand[] = [];
    for (const s of servers(platform))
      commands.push(
        s === 'nginx'
          ? {
              platform: 'nginx',
              command: 'listen 443 ssl default_server;  # in the server block with the site certificate',
            }
          : {
              platform: 'apache',
              command: '# put the site <VirtualHost *:443> first: the first one answers clients without SNI',
            },
      );
    return {
      steps: [
        `Answer handshakes without SNI (or with another name) as ${goodLabel} does: a default certificate for the port.`,
      ],
      commands,
    };
  }
  return undefined;
}

function regCmd(c: RegistryChange): FixCommand {
  return { platform: 'windows-cmd', command: regAdd(c) };
}

const NETSH_FLAGS: Record<string, string> = {
  negotiateClientCert: 'clientcertnegotiation',
  rejectConnections: 'reject',
  disableHttp2: 'disablehttp2',
  disableQuic: 'disablequic',
  disableTls12: 'disabletls12',
  disableTls13: 'disabletls13',
  disableLegacyTls: 'disablelegacytls',
};

/** HTTP.sys binding: delete the failing side's and add it as the working side has it. */
function sslcertFix(i: FixInput): Fix | undefined {
  const g = detail(i.good, 'sslcert');
  const b = detail(i.bad, 'sslcert');
  if (!g && b) {
    return {
      steps: [`Remove the binding ${b.endpoint}: the working side has none.`],
      commands: [
        { platform: 'windows-cmd', command: `netsh http delete sslcert ${b.keyType}=${b.endpoint}` },
      ],
    };
  }
  if (!g) return undefined;
  // the bound certificate itself: the failing side's finding names the right one in its own store
  const aboutCert = i.key.endsWith('.cert') || i.key.endsWith('.hash');
  if (aboutCert && i.finding) return undefined;
  const hash = !aboutCert && b?.certHash ? b.certHash : g.certHash;
  const flags = Object.entries(g.flags)
    .filter(([f, v]) => v === true && NETSH_FLAGS[f])
    .map(([f]) => ` ${NETSH_FLAGS[f]}=enable`)
    .join('');
  const store = g.store && g.store !== '(null)' ? g.store : 'MY';
  const add = `netsh http add sslcert ${g.keyType}=${g.endpoint} certhash=${hash ?? ''} appid={APPID} certstorename=${store}${flags}`;
  const commands: FixCommand[] = [
    ...(b
      ? [{ platform: 'windows-cmd', command: `netsh http delete sslcert ${b.keyType}=${b.endpoint}` }]
      : []),
    { platform: 'windows-cmd', command: add.replace('{APPID}', g.appId ?? '') },
  ];
  const steps = [
    `Bind ${g.endpoint} as on the working side (${i.goodSide.target}): application ID ${g.appId ?? '?'}, store ${store}${flags ? `,${flags.replace(/=enable/g, '')}` : ''}.`,
  ];
  if (hash && hash === g.certHash)
    steps.push(
      `The certificate ${hash} must be in LocalMachine\\My with its private key: import it first (certutil -importpfx my site.pfx).`,
    );
  return { steps, commands };
}
