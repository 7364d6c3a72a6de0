// Policy data for the windows rules (DESIGN convention 2: thresholds are versioned data, not rule code).
export const WINDOWS_POLICY = {
  version: '2026-11-1',
  /**
   * Suites that current browsers, curl/OpenSSL 3, .NET on Windows 10+, Java 11+ all offer
   * (Chromium/Firefox ClientHello lists; Mozilla "intermediate" profile). A server enabling none of
   * these fails every modern client with ERR_SSL_VERSION_OR_CIPHER_MISMATCH.
   */
  modernClientSuites: [
    'TLS_AES_128_GCM_SHA256',
    'TLS_AES_256_GCM_SHA384',
    'TLS_CHACHA20_POLY1305_SHA256',
    'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
    'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
    'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
    'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
    'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256',
    'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
  ],
  /** the suites to put first when fixing the order (all implemented by Schannel on 2016+) */
  recommendedOrder: [
    'TLS_AES_256_GCM_SHA384',
    'TLS_AES_128_GCM_SHA256',
    'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
    'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
    'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
    'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  ],
  /** ports that are HTTPS when an IIS binding does not say otherwise */
  httpsPorts: [443],
  /** PID 4 = System: kernel listeners (HTTP.sys, SMB) */
  systemPid: 4,
} as const;

/** What to do about a known non-HTTP.sys program holding an HTTPS port (reference/windows.md §2.4). */
export const PORT_GRABBERS: Array<{ image: RegExp; name: string; advice: string }> = [
  {
    image: /^skype\.exe$/i,
    name: 'Skype (classic)',
    advice:
      'In Skype: Tools ▸ Options ▸ Advanced ▸ Connection, untick "Use port 80 and 443 as alternatives for incoming connections", then restart Skype.',
  },
  {
    image: /^vmware-hostd\.exe$/i,
    name: 'VMware Workstation Shared VMs',
    advice:
      'VMware Workstation: Edit ▸ Preferences ▸ Shared VMs ▸ Disable Sharing (or change its port), or stop the "VMware Workstation Server" service.',
  },
  {
    image: /^httpd\.exe$/i,
    name: 'Apache httpd (XAMPP/WAMP)',
    advice:
      'Change "Listen 443" in httpd-ssl.conf (XAMPP: apache\\conf\\extra\\httpd-ssl.conf) or stop the Apache service.',
  },
  {
    image: /^nginx\.exe$/i,
    name: 'nginx for Windows',
    advice: 'Change "listen 443" in nginx.conf or stop nginx.',
  },
  {
    image: /^(?:java|javaw|tomcat\d*)\.exe$/i,
    name: 'a Java server (Tomcat, Jetty…)',
    advice: 'Change the connector port (Tomcat: server.xml <Connector port="443">) or stop the service.',
  },
  {
    image: /^teamviewer(?:_service)?\.exe$/i,
    name: 'TeamViewer',
    advice:
      'TeamViewer: Extras ▸ Options ▸ Advanced: disable incoming connections on port 80/443, or stop the service.',
  },
  {
    image: /^(?:com\.docker\.backend|wslrelay|vpnkit)\.exe$/i,
    name: 'Docker Desktop / WSL port forwarding',
    advice: 'Stop the container or WSL service that publishes port 443 (docker ps; wsl --shutdown).',
  },
];
