// The table of cases for the windows rules: hand-built observation sets, positive and negative.
// Each rule's test file (windows.<id>.test.ts) runs its rows; index.test.ts checks the index.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ObservationBase } from '../../../../src/model/observation.js';
import type { Rule } from '../../../../src/diagnose/rule.js';
import { emittedIds } from '../../../../src/diagnose/rule.js';
import { runRules } from '../../../../src/diagnose/engine.js';
import { rules } from '../../../../src/diagnose/rules/windows/index.js';
import type {
  CertStoreEntryObservation,
  CipherSuiteOrderObservation,
  EventObservation,
  IisBindingObservation,
  IpListenObservation,
  PortOwnerObservation,
  ProcessObservation,
  SchannelAlgorithmObservation,
  SchannelProtocolObservation,
  SslCertBindingObservation,
  UrlReservationObservation,
  WindowsInputObservation,
} from '../../../../src/model/observations/windows.js';
import { effectiveProtocolState } from '../../../../src/windows/schannel-defaults.js';

const H1 = '2ace368a90d2117be7a0065dfe259b2e8c94f538';
const H2 = '7f3c2b9e0d4a51c6e8b9a0f1d2c3b4a596877e1f';
const IIS = '{4dc3e181-e14b-4a21-b022-59fc669b0914}';
const ZERO = '{00000000-0000-0000-0000-000000000000}';
const from = (origin: string, line = 1) => ({ source: 'windows' as const, origin, line });

const input = (inputKind: string): WindowsInputObservation => ({
  kind: 'windows.input',
  from: from(inputKind),
  inputKind,
  notes: [],
  status: 'ok',
});
function ssl(endpoint: string, o: Partial<SslCertBindingObservation> = {}): SslCertBindingObservation {
  const keyType =
    o.keyType ?? (/^\d+$/.test(endpoint) ? 'ccs' : /^[\d.]+:|^\[/.test(endpoint) ? 'ipport' : 'hostnameport');
  const m = /^\[?(.*?)\]?:(\d+)$/.exec(endpoint);
  return {
    kind: 'windows.sslcert-binding',
    from: from('sslcert.txt', 5),
    keyType,
    endpoint,
    ...(m ? { address: m[1]!, port: Number(m[2]) } : { port: Number(endpoint) }),
    certHash: H1,
    appId: IIS,
    certStoreName: 'My',
    fields: {},
    fieldLines: { 'Certificate Hash': 6, 'Application ID': 7 },
    flags: {},
    ...o,
  };
}
function iis(bi: string, sslFlags = 0, site = 'site'): IisBindingObservation {
  const [ip, port, host] = bi.split(/:(?=[^:]*:[^:]*$)|:(?=[^:]*$)/);
  return {
    kind: 'windows.iis-binding',
    from: from('applicationHost.config', 20),
    site,
    protocol: 'https',
    bindingInformation: bi,
    ip: ip!,
    port: Number(port),
    host: host!,
    sslFlags,
    sni: (sslFlags & 1) !== 0,
    centralCertStore: (sslFlags & 2) !== 0,
  };
}
function cert(thumbprint: string, o: Partial<CertStoreEntryObservation> = {}): CertStoreEntryObservation {
  return {
    kind: 'windows.cert-store-entry',
    from: from('certutil.txt', 2),
    store: 'My',
    index: 0,
    thumbprint,
    subject: 'CN=www.contoso.com',
    missingStoredKeyset: false,
    noKeyProviderInfo: false,
    keyTest: 'passed',
    hasPrivateKey: true,
    provider: 'Microsoft RSA SChannel Cryptographic Provider',
    ...o,
  };
}
function proto(
  protocol: string,
  side: 'server' | 'client',
  enabled: number | null,
  dbd: number | null,
  os: SchannelProtocolObservation['osFamily'] = 'ws2019',
  extra: Partial<SchannelProtocolObservation> = {},
): SchannelProtocolObservation {
  const e = effectiveProtocolState(os, protocol, side, enabled, dbd);
  return {
    kind: 'windows.schannel-protocol',
    from: from('schannel.reg', 10),
    protocol,
    side,
    enabledValue: enabled,
    disabledByDefaultValue: dbd,
    explicit: enabled !== null || dbd !== null,
    ...(os ? { osFamily: os } : {}),
    ...e,
    ...extra,
  };
}
const protoSet = (
  os: SchannelProtocolObservation['osFamily'],
  explicit: Record<string, [number | null, number | null]>,
): SchannelProtocolObservation[] =>
  ['SSL 2.0', 'SSL 3.0', 'TLS 1.0', 'TLS 1.1', 'TLS 1.2', 'TLS 1.3'].map((p) =>
    proto(p, 'server', explicit[p]?.[0] ?? null, explicit[p]?.[1] ?? null, os),
  );
const owner = (addr: string, port: number, pid: number, image?: string): PortOwnerObservation => ({
  kind: 'windows.port-owner',
  from: from('netstat.txt', 7),
  protocol: 'TCP',
  localAddress: addr,
  localPort: port,
  state: 'LISTENING',
  pid,
  via: 'netstat',
  ...(image ? { image } : {}),
});
const proc = (pid: number, image: string): ProcessObservation => ({
  kind: 'windows.process',
  from: from('tasklist.txt', 4),
  pid,
  image,
});
const event = (provider: string, eventId: number, data: Record<string, string> = {}): EventObservation => ({
  kind: 'windows.event',
  from: from('events.xml', 1),
  provider,
  eventId,
  data,
  via: 'xml',
  time: '2026-11-20T12:00:00Z',
});
const order = (
  source: CipherSuiteOrderObservation['source'],
  suites: string[],
): CipherSuiteOrderObservation => ({
  kind: 'windows.cipher-suite-order',
  from: from('cipher.reg', 4),
  source,
  suites,
});
const alg = (
  category: SchannelAlgorithmObservation['category'],
  name: string,
  enabledValue: number | null,
  lookalikeSlash = false,
): SchannelAlgorithmObservation => ({
  kind: 'windows.schannel-algorithm',
  from: from('schannel.reg', 3),
  category,
  name,
  enabledValue,
  values: {},
  ...(lookalikeSlash ? { lookalikeSlash } : {}),
});
const urlacl = (url: string, users: string[]): UrlReservationObservation => {
  const m = /^(https?):\/\/([^/:]+)(?::(\d+))?(\/.*)$/.exec(url)!;
  return {
    kind: 'windows.url-reservation',
    from: from('urlacl.txt', 4),
    url,
    scheme: m[1]!,
    host: m[2]!,
    port: Number(m[3] ?? (m[1] === 'https' ? 443 : 80)),
    path: m[4]!,
    users: users.map((user) => ({ user, listen: true })),
  };
};
/** the leaf a probe received: only the fields the bundle check reads */
const served = (sha1: string): ObservationBase =>
  ({
    kind: 'x509.certificate',
    from: { source: 'probe', origin: '127.0.0.1:443', probe: 'baseline' },
    served: true,
    index: 0,
    leaf: true,
    subject: 'CN=www.contoso.com',
    thumbprintSha1: sha1.toUpperCase(),
  }) as unknown as ObservationBase;
/** a probe's handshake attempt: the server answered with this version */
const attempt = (server: string, version: number, serverName?: string): ObservationBase => {
  const hello = { kind: 'probe.hello', from: { source: 'probe', origin: server, line: 1 } };
  return {
    kind: 'handshake.attempt',
    from: hello.from,
    server,
    client: { role: 'probe', name: `v${version.toString(16)}`, accepts: [version] },
    offer: {
      format: 'tls',
      versions: [version],
      cipherSuites: [0xc02f],
      ...(serverName ? { serverName } : {}),
    },
    outcome: 'server-hello',
    serverHello: { version, cipherSuite: 0xc02f },
    alerts: [],
    origin: hello,
  } as unknown as ObservationBase;
};
const iplisten = (addresses: string[]): IpListenObservation => ({
  kind: 'windows.iplisten',
  from: from('iplisten.txt', 2),
  addresses,
  addressLines: addresses.map((_, i) => 5 + i),
});

interface Case {
  name: string;
  obs: ObservationBase[];
  /** expected number of findings of the rule under test */
  count: number;
  /** substrings the first finding's summary must contain */
  summary?: string[];
  /** a fix command must contain this */
  command?: string;
  severity?: string;
}

export const CASES: Record<string, Case[]> = {
  'windows.sslcert-zero-appid': [
    {
      name: 'zero appid on SNI binding',
      obs: [ssl('shop.contoso.com:443', { appId: ZERO })],
      count: 1,
      summary: ['shop.contoso.com:443', ZERO],
      command: `netsh http add sslcert hostnameport=shop.contoso.com:443 certhash=${H1} appid=${IIS} certstorename=MY`,
    },
    { name: 'IIS appid', obs: [ssl('0.0.0.0:443')], count: 0 },
  ],
  'windows.sslcert-empty-hash': [
    {
      name: 'empty hash + 15021',
      obs: [
        ssl('0.0.0.0:443', { certHash: '' }),
        event('Microsoft-Windows-HttpEvent', 15021, { Endpoint: '0.0.0.0:443' }),
      ],
      count: 1,
      summary: ['0.0.0.0:443', 'empty'],
      command: 'netsh http delete sslcert ipport=0.0.0.0:443',
    },
    { name: 'hash present', obs: [ssl('0.0.0.0:443')], count: 0 },
    {
      name: 'hash field absent (partial paste) is not empty',
      obs: [ssl('0.0.0.0:443', { certHash: undefined })],
      count: 0,
    },
  ],
  'windows.sslcert-hash-not-in-store': [
    {
      name: 'hash not in store, one candidate',
      obs: [input('certutil-store'), ssl('0.0.0.0:443', { certHash: H2 }), cert(H1)],
      count: 1,
      summary: [H2, 'not in LocalMachine\\My', H1],
      command: `certhash=${H1}`,
    },
    { name: 'hash in store', obs: [input('certutil-store'), ssl('0.0.0.0:443'), cert(H1)], count: 0 },
    {
      name: 'WebHosting store not checkable against My',
      obs: [
        input('certutil-store'),
        ssl('0.0.0.0:443', { certHash: H2, certStoreName: 'WebHosting' }),
        cert(H1),
      ],
      count: 0,
    },
    { name: 'certutil not read', obs: [ssl('0.0.0.0:443', { certHash: H2 })], count: 0 },
  ],
  'windows.cert-no-private-key': [
    {
      name: 'missing stored keyset + 36870',
      obs: [
        ssl('shop.contoso.com:443', { certHash: H2 }),
        cert(H2, { missingStoredKeyset: true, hasPrivateKey: false, keyTest: 'not-run' }),
        event('Schannel', 36870, { ErrorCode: '0x80090016' }),
      ],
      count: 1,
      summary: ['Missing stored keyset', 'shop.contoso.com:443'],
      command: `certutil -repairstore my ${H2}`,
    },
    {
      name: 'no key provider information',
      obs: [ssl('0.0.0.0:443'), cert(H1, { noKeyProviderInfo: true, hasPrivateKey: false })],
      count: 1,
      summary: ['No key provider information'],
    },
    {
      name: 'two bindings, one certificate: one finding',
      obs: [
        ssl('0.0.0.0:443'),
        ssl('www.contoso.com:443'),
        cert(H1, { keyTest: 'failed', hasPrivateKey: false }),
      ],
      count: 1,
      summary: ['0.0.0.0:443, www.contoso.com:443'],
    },
    { name: 'healthy key', obs: [ssl('0.0.0.0:443'), cert(H1)], count: 0 },
  ],
  'windows.binding-missing': [
    {
      name: 'SNI site without Hostname:port',
      obs: [input('netsh-sslcert'), ssl('0.0.0.0:443'), iis('*:443:api.contoso.com', 1, 'api')],
      count: 1,
      summary: ["'api'", 'api.contoso.com:443'],
      command: 'netsh http add sslcert hostnameport=api.contoso.com:443',
    },
    {
      name: 'IP site with 0.0.0.0 fallback is served',
      obs: [input('netsh-sslcert'), ssl('0.0.0.0:443'), iis('10.1.2.3:443:')],
      count: 0,
    },
    {
      name: 'IP site without any binding',
      obs: [input('netsh-sslcert'), ssl('www.contoso.com:443'), iis('10.1.2.3:8443:')],
      count: 1,
      command: 'ipport=10.1.2.3:8443',
    },
    {
      name: 'empty sslcert list (no binding at all)',
      obs: [input('netsh-sslcert'), iis('*:443:')],
      count: 1,
      command: 'ipport=0.0.0.0:443',
    },
    {
      name: 'IPv6 site served by [::] fallback',
      obs: [input('netsh-sslcert'), ssl('[::]:443'), iis('2001:db8::10:443:')],
      count: 0,
    },
    {
      name: 'CCS binding present',
      obs: [input('netsh-sslcert'), ssl('443', { keyType: 'ccs' }), iis('*:443:www.contoso.com', 3)],
      count: 1 - 1,
    },
    { name: 'netsh not read', obs: [iis('*:443:')], count: 0 },
  ],
  'windows.binding-orphan': [
    {
      name: 'IIS-owned binding no site uses',
      obs: [ssl('old.contoso.com:443'), ssl('0.0.0.0:443'), iis('*:443:')],
      count: 1,
      summary: ['old.contoso.com:443'],
      command: 'netsh http delete sslcert hostnameport=old.contoso.com:443',
    },
    {
      name: 'non-IIS appid is not ours to judge',
      obs: [
        ssl('0.0.0.0:8172', { appId: '{5d89a20c-beab-4389-9447-324788eb944a}' }),
        iis('*:443:'),
        ssl('0.0.0.0:443'),
      ],
      count: 0,
    },
    { name: 'no IIS config read', obs: [ssl('old.contoso.com:443')], count: 0 },
  ],
  'windows.binding-tls-disabled': [
    {
      name: 'TLS 1.2, 1.3 and legacy off (Server 2022 fixture case)',
      obs: [
        ssl('www.contoso.com:443', {
          flags: { disableTls12: true, disableTls13: true, disableLegacyTls: true },
        }),
      ],
      count: 1,
      summary: ['no protocol is left'],
      command: 'disabletls12=disable disabletls13=disable',
    },
    {
      name: 'TLS 1.2 off on 2019 (no TLS 1.3)',
      obs: [
        ssl('0.0.0.0:443', { flags: { disableTls12: true } }),
        proto('TLS 1.3', 'server', null, null, 'ws2019'),
      ],
      count: 1,
      summary: ['only legacy'],
    },
    {
      name: 'TLS 1.2 off on 2022: TLS 1.3 only',
      obs: [
        ssl('0.0.0.0:443', { flags: { disableTls12: true } }),
        proto('TLS 1.3', 'server', null, null, 'ws2022'),
      ],
      count: 1,
      severity: 'high',
    },
    {
      name: 'reject connections',
      obs: [ssl('0.0.0.0:443', { flags: { rejectConnections: true } })],
      count: 1,
      summary: ['Reject Connections'],
    },
    {
      name: 'legacy off only is fine',
      obs: [ssl('0.0.0.0:443', { flags: { disableLegacyTls: true, disableTls12: false } })],
      count: 0,
    },
  ],
  'windows.sni-no-fallback': [
    {
      name: 'netsh sslcert alone: Hostname:port bindings on 443, no IP:port',
      obs: [
        input('netsh-sslcert'),
        ssl('www.contoso.com:443'),
        ssl('shop.contoso.com:443'),
        ssl('0.0.0.0:8443'),
      ],
      count: 1,
      summary: ['only SNI bindings on port 443', 'www.contoso.com:443'],
      command: 'ipport=0.0.0.0:443',
    },
    {
      name: 'netsh sslcert alone: an IP:port fallback exists',
      obs: [input('netsh-sslcert'), ssl('www.contoso.com:443'), ssl('0.0.0.0:443')],
      count: 0,
    },
    {
      name: 'only SNI bindings on 443',
      obs: [input('netsh-sslcert'), ssl('www.contoso.com:443'), iis('*:443:www.contoso.com', 1)],
      count: 1,
      summary: ['port 443', 'SNI-only'],
      command: 'ipport=0.0.0.0:443',
    },
    {
      name: 'fallback present',
      obs: [
        input('netsh-sslcert'),
        ssl('www.contoso.com:443'),
        ssl('0.0.0.0:443'),
        iis('*:443:www.contoso.com', 1),
      ],
      count: 0,
    },
    {
      name: 'a non-SNI binding on the port',
      obs: [
        input('netsh-sslcert'),
        ssl('www.contoso.com:443'),
        iis('*:443:www.contoso.com', 1),
        iis('*:443:'),
      ],
      count: 0,
    },
  ],
  'windows.iplisten-excludes': [
    {
      name: 'site IP not in list',
      obs: [iplisten(['192.168.33.1']), iis('10.1.2.3:443:')],
      count: 1,
      summary: ['10.1.2.3'],
      command: 'netsh http delete iplisten ipaddress=192.168.33.1',
      severity: 'blocker',
    },
    {
      name: 'wildcard site, restricted list',
      obs: [iplisten(['10.1.2.3']), iis('*:443:')],
      count: 1,
      severity: 'high',
    },
    { name: 'empty list is normal', obs: [iplisten([]), iis('10.1.2.3:443:')], count: 0 },
    { name: 'site IP listed', obs: [iplisten(['10.1.2.3']), iis('10.1.2.3:443:')], count: 0 },
  ],
  'windows.port-conflict': [
    {
      name: 'netstat -ab without PIDs: grouped by image, named',
      obs: [{ ...owner('0.0.0.0', 443, 0, 'Skype.exe'), pid: undefined } as PortOwnerObservation],
      count: 1,
      summary: ['Skype.exe (Skype (classic))', '0.0.0.0:443'],
      command: 'Get-Process -Name Skype',
    },
    {
      name: 'httpd.exe of Symantec Endpoint Protection Manager, known by its service line',
      obs: [{ ...owner('0.0.0.0', 443, 2816, 'httpd.exe'), service: 'semwebsrv' }],
      count: 1,
      summary: ['service semwebsrv', 'Apache httpd'],
    },
    {
      name: 'Windows Admin Center by its service: the leftover cleanup commands',
      obs: [
        owner('0.0.0.0', 443, 5120),
        { ...proc(5120, 'WindowsAdminCenter.exe'), services: ['WindowsAdminCenter'] },
      ],
      count: 1,
      summary: ['Windows Admin Center'],
    },
    {
      name: 'no PID column, kernel listener line',
      obs: [
        { ...owner('0.0.0.0', 443, 0), pid: undefined, ownershipUnavailable: true } as PortOwnerObservation,
      ],
      count: 0,
    },
    {
      name: 'httpd on 443',
      obs: [owner('0.0.0.0', 443, 5120, 'httpd.exe')],
      count: 1,
      summary: ['httpd.exe', 'PID 5120', '0.0.0.0:443'],
      command: 'tasklist /svc /fi "PID eq 5120"',
    },
    {
      name: 'image from tasklist, IIS port 8443',
      obs: [owner('0.0.0.0', 8443, 6312), proc(6312, 'vmware-hostd.exe'), iis('*:8443:')],
      count: 1,
      summary: ['vmware-hostd.exe', 'VMware'],
    },
    {
      name: 'IPv4 and IPv6 of one PID: one finding',
      obs: [owner('0.0.0.0', 443, 2212, 'Skype.exe'), owner('::', 443, 2212, 'Skype.exe')],
      count: 1,
      summary: ['[::]:443'],
    },
    { name: 'PID 4 is HTTP.sys', obs: [owner('0.0.0.0', 443, 4)], count: 0 },
    { name: 'other ports are not a conflict', obs: [owner('0.0.0.0', 3389, 1088, 'svchost.exe')], count: 0 },
  ],
  'windows.tls12-disabled': [
    {
      name: '2022 with TLS 1.2 off: only TLS 1.3',
      obs: protoSet('ws2022', { 'TLS 1.2': [0, 1], 'TLS 1.0': [0, 1], 'TLS 1.1': [0, 1] }),
      count: 1,
      severity: 'high',
      summary: ['only TLS 1.3'],
      command:
        'reg add "HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server" /v Enabled /t REG_DWORD /d 1 /f',
    },
    {
      name: '2019 with everything off',
      obs: protoSet('ws2019', { 'TLS 1.2': [0, null], 'TLS 1.0': [0, null], 'TLS 1.1': [0, null] }),
      count: 1,
      severity: 'blocker',
    },
    { name: 'legacy left: only-legacy reports it', obs: protoSet('ws2016', { 'TLS 1.2': [0, 1] }), count: 0 },
    { name: 'TLS 1.2 on', obs: protoSet('ws2019', {}), count: 0 },
    {
      name: 'DisabledByDefault=1 alone disables (2022: 1.3 and legacy left)',
      obs: protoSet('ws2022', { 'TLS 1.2': [null, 1] }),
      count: 1,
      summary: ['DisabledByDefault=1', 'TLS 1.0, TLS 1.1 remain'],
    },
  ],
  'windows.only-legacy-protocols': [
    {
      name: '2008 R2 defaults',
      obs: protoSet('ws2008r2', {}),
      count: 1,
      summary: ['TLS 1.0', 'TLS 1.2 is disabled'],
      command: '"DisabledByDefault"=dword:00000000',
    },
    {
      name: '2008 R2 with Enabled=1 but no DisabledByDefault',
      obs: protoSet('ws2008r2', { 'TLS 1.2': [1, null] }),
      count: 1,
      summary: ['DisabledByDefault is absent'],
    },
    { name: '2008 R2 properly enabled', obs: protoSet('ws2008r2', { 'TLS 1.2': [1, 0] }), count: 0 },
    { name: '2016 with TLS 1.2 off', obs: protoSet('ws2016', { 'TLS 1.2': [0, 1] }), count: 1 },
    {
      name: 'unknown OS and no explicit TLS 1.2: not claimed',
      obs: protoSet(undefined, { 'TLS 1.0': [1, 0] }),
      count: 0,
    },
    {
      name: 'unknown OS, TLS 1.2 explicitly off, TLS 1.0 explicitly on',
      obs: [
        proto('TLS 1.2', 'server', 0, 1, undefined),
        proto('TLS 1.3', 'server', 0, null, undefined),
        proto('TLS 1.0', 'server', 1, 0, undefined),
      ],
      count: 1,
    },
    {
      name: 'client side does not count',
      obs: [proto('TLS 1.2', 'client', 0, 1), proto('TLS 1.0', 'client', 1, 0)],
      count: 0,
    },
  ],
  'windows.no-modern-suites': [
    {
      name: 'policy list with RSA-CBC only',
      obs: [
        order('policy', ['TLS_RSA_WITH_AES_256_CBC_SHA256', 'TLS_RSA_WITH_AES_128_CBC_SHA']),
        order('local', ['TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384']),
      ],
      count: 1,
      summary: ['GPO', 'TLS_RSA_WITH_AES_256_CBC_SHA256'],
      command: 'Functions /t REG_SZ /d "TLS_AES_256_GCM_SHA384,',
    },
    {
      name: 'local list only, modern with curve suffix (2012 R2)',
      obs: [order('local', ['TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384_P384'])],
      count: 0,
    },
    {
      name: 'Get-TlsCipherSuite without modern suites',
      obs: [order('get-tlsciphersuite', ['TLS_RSA_WITH_3DES_EDE_CBC_SHA'])],
      count: 1,
      command: 'Enable-TlsCipherSuite -Name TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 -Position 0',
    },
    {
      name: 'AES ciphers disabled',
      obs: [alg('cipher', 'AES 128/128', 0), alg('cipher', 'AES 256/256', 0)],
      count: 1,
      summary: ['AES 128/128'],
    },
    {
      name: 'AES look-alike keys do not count',
      obs: [alg('cipher', 'AES 128\u2215128', 0, true), alg('cipher', 'AES 256/256', 0)],
      count: 0,
    },
  ],
  'windows.enabled-0xffffffff': [
    {
      name: 'protocol and cipher',
      obs: [proto('TLS 1.2', 'server', 0xffffffff, 0), alg('cipher', 'AES 128/128', 0xffffffff)],
      count: 1,
      summary: ['2 SCHANNEL'],
      severity: 'info',
    },
    { name: 'value 1', obs: [proto('TLS 1.2', 'server', 1, 0)], count: 0 },
  ],
  'windows.schannel-value-wrong-type': [
    {
      name: 'REG_SZ Enabled',
      obs: [proto('TLS 1.0', 'server', null, null, 'ws2016', { enabledType: 'REG_SZ' })],
      count: 1,
      summary: ['REG_SZ'],
      command: '/t REG_DWORD',
    },
    { name: 'DWORD', obs: [proto('TLS 1.0', 'server', 1, 0)], count: 0 },
  ],
  'windows.schannel-lookalike-key': [
    {
      name: 'division slash',
      obs: [alg('cipher', 'AES 128\u2215128', 0xffffffff, true)],
      count: 1,
      summary: ['U+2215'],
      command: 'Ciphers\\AES 128/128" /v Enabled /t REG_DWORD /d 1',
    },
    {
      name: 'misspelled protocol',
      obs: [proto('TLS1.2', 'server', 1, 0, 'ws2019')],
      count: 1,
      summary: ["did you mean 'TLS 1.2'"],
    },
    {
      name: 'proper names',
      obs: [alg('cipher', 'AES 128/128', 1), proto('TLS 1.2', 'server', 1, 0)],
      count: 0,
    },
  ],
  'windows.private-key-unreadable': [
    {
      name: '36870 with NTE_BAD_KEYSET',
      obs: [event('Schannel', 36870, { ErrorCode: '0x80090016' })],
      count: 1,
      summary: ['NTE_BAD_KEYSET'],
      command: 'certutil -repairstore my',
    },
    {
      name: 'other events',
      obs: [event('Schannel', 36888, { AlertDesc: '10', ErrorState: '1203' })],
      count: 0,
    },
  ],
  'windows.peer-alert-received': [
    {
      name: '36887 alert 48 twice and alert 70 once: one finding per alert',
      obs: [
        event('Schannel', 36887, { AlertDesc: '48' }),
        event('Schannel', 36887, { AlertDesc: '48' }),
        event('Schannel', 36887, { AlertDesc: '70' }),
      ],
      count: 2,
      summary: ['unknown_ca (48) 2 time(s)', 'CA'],
      severity: 'medium',
    },
    {
      name: '36887 alert 20 (bad_record_mac)',
      obs: [event('Schannel', 36887, { AlertDesc: '20' })],
      count: 1,
      summary: ['bad_record_mac (20)'],
    },
    {
      name: 'close_notify and user_canceled are not failures',
      obs: [event('Schannel', 36887, { AlertDesc: '0' }), event('Schannel', 36887, { AlertDesc: '90' })],
      count: 0,
    },
    { name: 'alerts sent are not received', obs: [event('Schannel', 36888, { AlertDesc: '70' })], count: 0 },
  ],
  'windows.alert-sent': [
    {
      name: '36888 alert 70: protocol version mismatch',
      obs: [event('Schannel', 36888, { AlertDesc: '70', ErrorState: '105' })],
      count: 1,
      summary: ['protocol_version (70)', 'protocol version mismatch', 'state 105'],
      command: 'SCHANNEL\\Protocols',
    },
    {
      name: '36888 alert 112 names the process the event names',
      obs: [
        event('Schannel', 36888, {
          AlertDesc: '112',
          CallerProcessImageName: 'C:\\Windows\\System32\\lsass.exe',
        }),
      ],
      count: 1,
      summary: ['unrecognized_name (112)', 'lsass.exe'],
    },
    {
      name: 'alert 40 / state 1205 belongs to no-common-cipher-event; alert 10 is scanner noise; 80 beside 36870 is its consequence',
      obs: [
        event('Schannel', 36888, { AlertDesc: '80', ErrorState: '1250' }),
        event('Schannel', 36870, { ErrorCode: '0x8009030d' }),
        event('Schannel', 36888, { AlertDesc: '40', ErrorState: '1205' }),
        event('Schannel', 36888, { AlertDesc: '10', ErrorState: '1203' }),
      ],
      count: 0,
    },
  ],
  'windows.credential-creation-failed': [
    {
      name: '36871 state 10013: the protocol configuration',
      obs: [event('Schannel', 36871, { Type: 'server', ErrorStatus: '10013' })],
      count: 1,
      summary: ['state 10013', 'no protocol or cipher suite'],
      command: 'SCHANNEL\\Protocols',
    },
    {
      name: '36871 without a state (Windows 2000 text)',
      obs: [event('Schannel', 36871, { Type: 'server' })],
      count: 1,
      summary: ['certificate or its private key'],
      command: 'certutil -store my',
    },
    { name: 'other events', obs: [event('Schannel', 36870, {})], count: 0 },
  ],
  'windows.httpsys-ssl-config-error': [
    {
      name: '15021 alone names the endpoint',
      obs: [event('Microsoft-Windows-HttpEvent', 15021, { Endpoint: '0.0.0.0:444' })],
      count: 1,
      summary: ['0.0.0.0:444', 'reset'],
      command: 'netsh http show sslcert ipport=0.0.0.0:444',
    },
    {
      name: '15021 + a binding whose certificate has no key',
      obs: [
        event('Microsoft-Windows-HttpEvent', 15021, { Endpoint: '0.0.0.0:443' }),
        ssl('0.0.0.0:443'),
        input('certutil-store'),
        cert(H1, { missingStoredKeyset: true, hasPrivateKey: false }),
      ],
      count: 1,
      summary: ['no usable private key', H1],
      command: `certutil -store my ${H1}`,
    },
    {
      name: '15021 for a binding with an empty hash is the sslcert rule’s',
      obs: [
        event('Microsoft-Windows-HttpEvent', 15021, { Endpoint: '0.0.0.0:443' }),
        ssl('0.0.0.0:443', { certHash: '' }),
      ],
      count: 0,
    },
  ],
  'windows.httpsys-binding-deleted': [
    {
      name: '15300 and the listing has no binding any more',
      obs: [event('Microsoft-Windows-HttpEvent', 15300, { Endpoint: '0.0.0.0:443' }), ssl('10.0.0.5:443')],
      count: 1,
      summary: ['0.0.0.0:443', 'added back'],
      command: '5506',
    },
    {
      name: 'no 15300',
      obs: [event('Microsoft-Windows-HttpEvent', 15301, { Endpoint: '0.0.0.0:443' })],
      count: 0,
    },
  ],
  'windows.store-cert-no-key': [
    {
      name: 'certutil alone: No key provider information → relink with -repairstore',
      obs: [cert(H2, { noKeyProviderInfo: true, hasPrivateKey: false, keyTest: 'not-run' })],
      count: 1,
      summary: [H2, 'No key provider information', 'cannot serve HTTPS'],
      command: `certutil -repairstore my ${H2}`,
      severity: 'high',
    },
    {
      name: 'certutil alone: Missing stored keyset → re-import',
      obs: [cert(H2, { missingStoredKeyset: true, hasPrivateKey: false })],
      count: 1,
      summary: ['Missing stored keyset', 'PFX'],
      command: 'Import-PfxCertificate',
    },
    {
      name: 'bindings read and none uses it: low',
      obs: [
        input('netsh-sslcert'),
        ssl('0.0.0.0:443'),
        cert(H1),
        cert(H2, { missingStoredKeyset: true, hasPrivateKey: false }),
      ],
      count: 1,
      severity: 'low',
      summary: ['no HTTP.sys binding uses it'],
    },
    {
      name: 'a CA certificate without key, a bound one (the other rule), a healthy one',
      obs: [
        cert('0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c', {
          root: true,
          noKeyProviderInfo: true,
          hasPrivateKey: false,
        }),
        ssl('0.0.0.0:443', { certHash: H2 }),
        cert(H2, { missingStoredKeyset: true, hasPrivateKey: false }),
        cert(H1),
      ],
      count: 0,
    },
  ],
  'windows.cert-user-store': [
    {
      name: 'a user-store listing alone is info',
      obs: [cert(H1, { scope: 'user' })],
      count: 1,
      severity: 'info',
      summary: ['current user', 'LocalMachine'],
    },
    {
      name: 'a binding points at a user-store certificate: high',
      obs: [cert(H1, { scope: 'user' }), ssl('0.0.0.0:443')],
      count: 1,
      severity: 'high',
      summary: ['0.0.0.0:443', 'Local Computer'],
      command: 'Import-PfxCertificate',
    },
    { name: 'machine store', obs: [cert(H1, { scope: 'machine' })], count: 0 },
  ],
  'windows.url-reservation-conflict': [
    {
      name: 'Windows Admin Center leftover https://+:443/: high, with the cleanup commands',
      obs: [urlacl('https://+:443/', ['NT SERVICE\\ServerManagementGateway'])],
      count: 1,
      severity: 'high',
      summary: ['Windows Admin Center', 'every request to port 443'],
      command: 'netsh http delete sslcert ipport=0.0.0.0:443',
    },
    {
      name: 'Reporting Services /ReportServer/ on 443: low',
      obs: [urlacl('https://+:443/ReportServer/', ['NT SERVICE\\ReportServer'])],
      count: 1,
      severity: 'low',
      summary: ['Reporting Services', '/ReportServer/'],
    },
    {
      name: 'HttpEvent 15007 for https://+:443/',
      obs: [event('Microsoft-Windows-HttpEvent', 15007, { Url: 'https://+:443/' })],
      count: 1,
      summary: ['https://+:443/'],
    },
    {
      name: 'WinRM on 5986, a named host, plain http: nothing',
      obs: [
        urlacl('https://+:5986/wsman/', ['NT SERVICE\\WinRM']),
        urlacl('https://www.contoso.com:443/app/', ['CONTOSO\\svc']),
        urlacl('http://+:80/Temporary_Listen_Addresses/', ['\\Everyone']),
      ],
      count: 0,
    },
  ],
  'windows.bundle-mismatch': [
    {
      name: 'served certificate is not the one bound to 0.0.0.0:443',
      obs: [ssl('0.0.0.0:443'), served(H2), attempt('127.0.0.1:443', 0x0303)],
      count: 1,
      summary: [H2, H1, 'not from this server'],
      command: 'netsh http show sslcert ipport=0.0.0.0:443',
    },
    {
      name: 'the server answers TLS 1.0, which the bundle disables',
      obs: [
        proto('TLS 1.0', 'server', 0, 1),
        served(H1),
        ssl('0.0.0.0:443'),
        attempt('127.0.0.1:443', 0x0301),
        attempt('127.0.0.1:443', 0x0303),
      ],
      count: 1,
      summary: ['TLS 1.0', 'not restarted'],
      command: 'TLS 1.0\\Server',
    },
    {
      name: 'the same certificate and only enabled versions: consistent',
      obs: [
        proto('TLS 1.0', 'server', 0, 1),
        ssl('0.0.0.0:443'),
        served(H1),
        attempt('127.0.0.1:443', 0x0303),
      ],
      count: 0,
    },
    {
      name: 'an SNI binding for the name probed wins over 0.0.0.0',
      obs: [
        ssl('www.contoso.com:443', { certHash: H2 }),
        ssl('0.0.0.0:443'),
        served(H2),
        attempt('127.0.0.1:443', 0x0303, 'www.contoso.com'),
      ],
      count: 0,
    },
  ],
  'windows.no-common-cipher-event': [
    {
      name: '36874 TLS 1.2',
      obs: [event('Schannel', 36874, { Protocol: 'TLS 1.2' })],
      count: 1,
      summary: ['TLS 1.2'],
    },
    {
      name: '36888 40/1205 only',
      obs: [event('Schannel', 36888, { AlertDesc: '40', ErrorState: '1205' })],
      count: 1,
      summary: ['alert-40/state-1205'],
    },
    {
      name: '36888 10/1203 (scanner noise)',
      obs: [event('Schannel', 36888, { AlertDesc: '10', ErrorState: '1203' })],
      count: 0,
    },
  ],
};

const byId = new Map(rules.map((r) => [r.meta.id, r] as [string, Rule]));

/** Register one node:test per row of the rule's table. */
export function runCases(id: string): void {
  const rule = byId.get(id);
  test(`${id} exists in the index and has at least two rows`, () => {
    assert.ok(rule, `rule ${id}`);
    assert.ok((CASES[id] ?? []).length >= 2);
  });
  for (const c of CASES[id] ?? []) {
    test(`${id}: ${c.name}`, () => {
      // through the engine, as the commands run it; every real run has read at least one input
      const input: ObservationBase = { kind: 'windows.input', from: { source: 'windows', origin: 'case' } };
      const obs = c.obs.some((o) => o.kind === 'windows.input') ? c.obs : [...c.obs, input];
      const engine = runRules([rule!], obs);
      assert.ok(
        engine.results.every((r) => r.status !== 'error'),
        JSON.stringify(engine.results),
      );
      const found = engine.findings;
      const expected = c.count;
      assert.equal(found.length, expected, found.map((f) => f.summary).join(' | '));
      if (expected === 0) return;
      const f = found[0]!;
      assert.ok(emittedIds(rule!.meta).includes(f.id), `${f.id} is declared by ${id}`);
      assert.ok(f.evidence.length > 0, 'has evidence');
      for (const e of f.evidence) assert.ok(e.from.origin && e.text, 'evidence names its source');
      assert.ok(
        f.evidence.some((e) => e.from.line !== undefined),
        'evidence carries a line',
      );
      for (const s of c.summary ?? []) assert.ok(f.summary.includes(s), `summary has '${s}': ${f.summary}`);
      if (c.command)
        assert.ok(
          (f.fix.commands ?? []).some((x) => x.command.includes(c.command!)),
          `fix command with '${c.command}': ${(f.fix.commands ?? []).map((x) => x.command).join(' || ')}`,
        );
      if (c.severity) assert.equal(f.severity, c.severity);
      assert.ok(f.fix.steps.length > 0);
      for (const cmd of f.fix.commands ?? [])
        assert.ok(['windows-cmd', 'powershell', 'registry'].includes(cmd.platform), cmd.platform);
    });
  }
}

export const helpers = { ssl, event, owner };
