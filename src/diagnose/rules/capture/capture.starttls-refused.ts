// starttls.refused: in a plaintext protocol that upgrades to TLS on the same connection (SMTP, IMAP,
// POP3, FTP, XMPP, LDAP StartTLS, PostgreSQL SSLRequest, MySQL SSL), the client asked to start TLS
// and the server never spoke TLS: it refused the request, or its greeting did not offer TLS. Only a
// capture shows it (the probe speaks TLS from the first byte).
import type { Fix } from '../../../model/finding.js';
import type { ObservationSet } from '../../../model/observation.js';
import { defineRule, type RuleMeta } from '../../rule.js';
import { upgradeRefused, type Conn } from './shared/describe.js';
import { countText, groupedFindings, type Explainer } from './shared/explain.js';

export const FINDING_ID = 'starttls.refused';

/** the request each protocol uses to ask for TLS, as the report names it */
const REQUEST: Record<string, string> = {
  SMTP: 'STARTTLS',
  IMAP: 'STARTTLS',
  POP3: 'STLS',
  FTP: 'AUTH TLS',
  XMPP: '<starttls/>',
  'LDAP StartTLS': 'the StartTLS extended operation',
  'PostgreSQL SSLRequest': 'SSLRequest',
  MySQL: 'an SSL request',
};

/**
 * Per protocol, how to enable TLS on the server. Sources: Postfix TLS_README (smtpd_tls_security_level,
 * smtpd_tls_chain_files), Exim spec ch. 42 (tls_advertise_hosts), Dovecot SSL configuration (ssl = yes,
 * ssl_cert, ssl_key), vsftpd.conf(5) (ssl_enable), ProFTPD mod_tls (TLSEngine), OpenLDAP admin guide
 * §16 (olcTLSCertificateFile), PostgreSQL docs §19.9 "Secure TCP/IP Connections with SSL" (ssl = on),
 * MySQL reference manual §8.3.1 "Configuring MySQL to Use Encrypted Connections" (ssl_cert, ssl_key,
 * require_secure_transport), Prosody "Certificates" documentation.
 */
const FIXES: Record<string, Fix> = {
  SMTP: {
    steps: [
      'The mail server does not offer or refuses STARTTLS (RFC 3207: a 454 answer means TLS is not available, 502 that the command is unknown): give it a certificate and key and enable opportunistic TLS for incoming mail.',
      'Postfix: set smtpd_tls_security_level = may and smtpd_tls_chain_files (or smtpd_tls_cert_file / smtpd_tls_key_file) in main.cf, then `postfix reload`; check the log for "cannot load certificate" or "TLS library problem" (a 454 "TLS not available due to local problem" is usually an unreadable key or certificate).',
      'Exim: tls_advertise_hosts = * with tls_certificate and tls_privatekey.',
    ],
    commands: [
      { platform: 'postfix', command: "postconf -e 'smtpd_tls_security_level = may'" },
      {
        platform: 'postfix',
        command: "postconf -e 'smtpd_tls_chain_files = /etc/postfix/key.pem, /etc/postfix/fullchain.pem'",
      },
      { platform: 'postfix', command: 'postfix reload' },
    ],
  },
  IMAP: {
    steps: [
      'The IMAP server refused STARTTLS (RFC 9051 §6.2.1; a BAD or NO answer): enable TLS with a certificate and key.',
      'Dovecot: ssl = yes (or required), ssl_cert = </path/fullchain.pem and ssl_key = </path/key.pem in conf.d/10-ssl.conf, then `doveadm reload`; `doveconf -n ssl` shows what is in effect.',
    ],
    commands: [
      { platform: 'dovecot', command: 'doveconf -n ssl ssl_cert ssl_key' },
      { platform: 'dovecot', command: 'doveadm reload' },
    ],
  },
  POP3: {
    steps: [
      'The POP3 server refused STLS (RFC 2595 §4; an -ERR answer): enable TLS with a certificate and key.',
      'Dovecot: ssl = yes (or required), ssl_cert = </path/fullchain.pem and ssl_key = </path/key.pem in conf.d/10-ssl.conf, then `doveadm reload`.',
    ],
    commands: [
      { platform: 'dovecot', command: 'doveconf -n ssl ssl_cert ssl_key' },
      { platform: 'dovecot', command: 'doveadm reload' },
    ],
  },
  FTP: {
    steps: [
      'The FTP server refused AUTH TLS (RFC 4217 §4: 431, 500, 502, 504 or 534): enable explicit FTPS.',
      'vsftpd: ssl_enable=YES with rsa_cert_file and rsa_private_key_file in vsftpd.conf; ProFTPD: TLSEngine on with TLSRSACertificateFile and TLSRSACertificateKeyFile (mod_tls).',
    ],
    commands: [{ platform: 'vsftpd', command: 'ssl_enable=YES' }],
  },
  XMPP: {
    steps: [
      'The XMPP server did not proceed with <starttls/> (RFC 6120 §5.4.2.2: <failure/> then the stream is closed): give the virtual host a certificate.',
      'Prosody: put the certificate and key where `prosodyctl check certs` finds them (or `prosodyctl cert import`); ejabberd: certfiles and starttls: true on the c2s listener.',
    ],
    commands: [{ platform: 'prosody', command: 'prosodyctl check certs' }],
  },
  'LDAP StartTLS': {
    steps: [
      'The LDAP server refused StartTLS (RFC 4511 §4.14.2: resultCode protocolError or unavailable): configure a certificate and key.',
      'OpenLDAP: set olcTLSCertificateFile and olcTLSCertificateKeyFile (cn=config) or TLSCertificateFile / TLSCertificateKeyFile (slapd.conf), readable by the slapd user; Active Directory: install a server-authentication certificate in the computer store (LDAP over TLS, Microsoft docs).',
    ],
    commands: [
      {
        platform: 'openldap',
        command:
          'ldapsearch -Y EXTERNAL -H ldapi:/// -b cn=config olcTLSCertificateFile olcTLSCertificateKeyFile',
      },
    ],
  },
  'PostgreSQL SSLRequest': {
    steps: [
      'The PostgreSQL server answered the SSLRequest with N (no TLS): set ssl = on with ssl_cert_file and ssl_key_file (the key readable only by the postgres user) in postgresql.conf, then reload.',
      'To refuse clear-text connections, use hostssl lines in pg_hba.conf.',
    ],
    commands: [
      { platform: 'postgresql', command: "psql -c 'ALTER SYSTEM SET ssl = on' -c 'SELECT pg_reload_conf()'" },
      { platform: 'postgresql', command: "psql -c 'SHOW ssl'" },
    ],
  },
  MySQL: {
    steps: [
      "The MySQL server's greeting does not offer SSL (the CLIENT_SSL capability is not set): give it a certificate and key — ssl_cert and ssl_key (and ssl_ca) under [mysqld] — and restart; `SHOW VARIABLES LIKE 'have_ssl'` must say YES.",
      'Then require_secure_transport = ON refuses clear-text connections.',
    ],
    commands: [{ platform: 'mysql', command: 'mysql -e "SHOW VARIABLES LIKE \'%ssl%\'"' }],
  },
};

const meta: RuleMeta = {
  id: 'capture.starttls-refused',
  emits: [FINDING_ID],
  title: 'The server refuses to start TLS (STARTTLS, SSLRequest …)',
  scenario: 'handshake',
  severity: 'blocker',
  needs: ['capture.connection'],
  uses: ['capture.summary'],
  references: [
    'RFC 3207 §4 (SMTP STARTTLS)',
    'RFC 9051 §6.2.1 (IMAP STARTTLS)',
    'RFC 2595 §4 (POP3 STLS)',
    'RFC 4217 §4 (FTP AUTH TLS)',
    'RFC 6120 §5.4 (XMPP STARTTLS)',
    'RFC 4511 §4.14 (LDAP StartTLS)',
    'PostgreSQL protocol §55.2.10 (SSLRequest)',
    'MySQL client/server protocol: SSL handshake, CLIENT_SSL',
  ],
  fix: FIXES.SMTP!,
  confidence: 'certain',
  description:
    "In a protocol that upgrades to TLS on the same connection, the client asked to start TLS (STARTTLS, STLS, AUTH TLS, <starttls/>, LDAP StartTLS, PostgreSQL SSLRequest, MySQL SSL request) and the server never spoke TLS: it refused with an error, answered N (PostgreSQL), did not offer SSL in its greeting (MySQL: a client requiring TLS then sends nothing) or did not answer a ClientHello sent anyway. The server's answer is quoted; the fix is per protocol (Postfix smtpd_tls_security_level, Dovecot ssl = yes, PostgreSQL ssl = on, MySQL ssl_cert/ssl_key).",
};

function refusalText(c: Conn): string {
  const p = c.preamble!;
  const request = REQUEST[p.protocol] ?? 'to start TLS';
  if (p.protocol === 'MySQL' && p.tlsOffered === false)
    return `MySQL: the server's greeting does not offer SSL (no CLIENT_SSL capability)${p.clientBytes === 0 ? ' and the client left without sending anything' : ''}`;
  const answer = p.serverLast ? `; the server answered "${p.serverLast}"` : '; the server did not answer';
  const after = c.clientHello ? ' (the ClientHello the client sent anyway got no TLS answer)' : '';
  return `${p.protocol}: the client asked for ${request}${answer}${after}`;
}

export const explain: Explainer = (c) => {
  if (!c.preamble || !upgradeRefused(c)) return undefined;
  return {
    reason: refusalText(c),
    frames: [...(c.clientHello ? [c.clientHello.frame] : []), ...(c.notTls ? [c.notTls.frame] : [])],
  };
};

export const rule = defineRule({
  meta,
  evaluate(set: ObservationSet) {
    return groupedFindings(meta, FINDING_ID, set, explain, (server, hits, _ctx, count) => {
      const first = hits[0]!.c.preamble!;
      const fix = FIXES[first.protocol];
      return {
        summary: `${countText(count, `${first.protocol} session`)} to ${server}: the server refused to start TLS — ${refusalText(hits[0]!.c).replace(/^[^:]+: /, '')}.`,
        ...(fix ? { fix } : {}),
      };
    });
  },
});
