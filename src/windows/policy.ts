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

/**
 * Programs known to hold TCP 443 (or to share it through HTTP.sys), by image or by service name
 * (`netstat -anob` service lines, `tasklist /svc`): what they are and how to move them.
 * `httpSys`: the program registers URLs with HTTP.sys, so netstat shows PID 4 (System) and the
 * conflict with IIS is a URL reservation or a certificate binding, not the socket.
 */
export interface PortGrabber {
  image?: RegExp;
  service?: RegExp;
  name: string;
  advice: string;
  httpSys?: boolean;
}

export const PORT_GRABBERS: PortGrabber[] = [
  {
    image: /^skype\.exe$/i,
    name: 'Skype (classic)',
    advice:
      'In Skype: Tools ▸ Options ▸ Advanced ▸ Connection, untick "Use port 80 and 443 as alternatives for incoming connections", then restart Skype.',
  },
  {
    image: /^vmware-hostd\.exe$/i,
    service: /^VMwareHostd$/i,
    name: 'VMware Workstation Shared VMs',
    advice:
      'VMware Workstation: Edit ▸ Preferences ▸ Shared VMs ▸ Disable Sharing (or change its port), or stop the "VMware Workstation Server" service.',
  },
  {
    service: /^semwebsrv$/i,
    name: 'Symantec Endpoint Protection Manager web server (Apache)',
    advice:
      'Symantec Endpoint Protection Manager: change its web server port in the Management Server Configuration Wizard, or move IIS; if SEPM was uninstalled, remove what is left with the vendor cleanup tool (CleanWipe).',
  },
  {
    image: /^SemSvc\.exe$/i,
    name: 'Symantec Endpoint Protection Manager',
    advice:
      'Symantec Endpoint Protection Manager: change its ports in the Management Server Configuration Wizard, or stop the service if it is a leftover (vendor cleanup tool: CleanWipe).',
  },
  {
    image: /^httpd\.exe$/i,
    service: /^Apache[\d.]*$/i,
    name: 'Apache httpd (XAMPP/WAMP, or the web server bundled with Symantec Endpoint Protection Manager)',
    advice:
      'Find which Apache it is (Get-Process -Id <pid> | Format-List Path): XAMPP/WAMP — change "Listen 443" in httpd-ssl.conf (XAMPP: apache\\conf\\extra\\httpd-ssl.conf) or stop the Apache service; under \\Symantec\\ — it is Symantec Endpoint Protection Manager: change its port or remove it with the vendor cleanup tool.',
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
  {
    image: /^(?:WindowsAdminCenter|SmeDesktop|sme)\.exe$/i,
    service: /^(?:ServerManagementGateway|WindowsAdminCenter)$/i,
    name: 'Windows Admin Center',
    advice:
      'Windows Admin Center takes 443 on a server install: run its setup again (Change) and pick another port, or uninstall it; after uninstalling, remove what it leaves in HTTP.sys: netsh http delete sslcert ipport=0.0.0.0:443 and netsh http delete urlacl url=https://+:443/.',
  },
  {
    image: /^ReportingServicesService\.exe$/i,
    service: /^(?:ReportServer(?:\$\w+)?|SQLServerReportingServices|PowerBIReportServer)$/i,
    name: 'SQL Server Reporting Services',
    httpSys: true,
    advice:
      'Reporting Services shares HTTP.sys with IIS: in Report Server Configuration Manager ▸ Web Service URL and Web Portal URL, give its HTTPS URL another port or the same certificate as the site; its reservation https://+:443/ReportServer/ (netsh http show urlacl) takes those paths on every host name.',
  },
  {
    service: /^WinRM$/i,
    name: 'Windows Remote Management',
    httpSys: true,
    advice:
      'WinRM shares HTTP.sys; its HTTPS listener belongs on 5986 (winrm enumerate winrm/config/listener; winrm delete winrm/config/Listener?Address=*+Transport=HTTPS if it was moved to 443).',
  },
];

/** The known program for an image or a service name. */
export function knownPortOwner(image?: string, service?: string): PortGrabber | undefined {
  return PORT_GRABBERS.find(
    (g) =>
      (image !== undefined && g.image?.test(image)) || (service !== undefined && g.service?.test(service)),
  );
}
