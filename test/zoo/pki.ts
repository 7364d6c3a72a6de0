// A real PKI for the zoo, made by the openssl command line: a root, an intermediate and leaves for
// localhost; a private root with its own chain; an expired leaf; a leaf for another name; a client
// CA with a client certificate. Every file is PEM in one temporary directory.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface ZooPki {
  dir: string;
  /** the trusted root the healthy cases chain to (passed to diagnose with --ca) */
  rootCert: string;
  /** leaf + intermediate for localhost (the full chain a server sends) */
  chain: string;
  /** the intermediate alone (for servers that take the chain apart from the leaf) */
  intermediateCert: string;
  /** leaf only (missing intermediate) */
  leafOnly: string;
  leafKey: string;
  /** leaf + intermediate + private root: a chain that ends in a root no client has */
  privateChain: string;
  privateKey: string;
  privateRootCert: string;
  /** expired leaf + intermediate */
  expiredChain: string;
  expiredKey: string;
  /** leaf for wrong.zoo.test + intermediate */
  wrongNameChain: string;
  wrongNameKey: string;
  /** leaf for default.zoo.test + intermediate: the certificate a server gives clients without SNI */
  defaultChain: string;
  defaultKey: string;
  /** the CA a server asks client certificates of */
  clientCaCert: string;
  /** PKCS#12 (leaf key + chain) for Java, password in `p12Password` */
  p12: string;
  p12Password: string;
  cleanup(): Promise<void>;
}

async function openssl(args: string[], cwd: string): Promise<void> {
  await run('openssl', args, { cwd, timeout: 30_000 });
}

async function rsaKey(cwd: string, name: string): Promise<string> {
  await openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', name], cwd);
  return join(cwd, name);
}

async function selfSignedCa(cwd: string, name: string, cn: string): Promise<{ cert: string; key: string }> {
  const k = await rsaKey(cwd, `${name}.key`);
  await openssl(
    [
      'req',
      '-x509',
      '-new',
      '-key',
      k,
      '-sha256',
      '-days',
      '3650',
      '-subj',
      `/O=tlsdoctor zoo/CN=${cn}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
      '-out',
      `${name}.pem`,
    ],
    cwd,
  );
  return { cert: join(cwd, `${name}.pem`), key: k };
}

/** A certificate signed by `issuer`, through `openssl ca` so that any validity window can be set. */
async function issue(
  cwd: string,
  name: string,
  subjectCn: string,
  issuer: { cert: string; key: string },
  ext: string,
  o: { keyFile?: string; startdate?: string; enddate?: string } = {},
): Promise<{ cert: string; key: string }> {
  const k = o.keyFile ?? (await rsaKey(cwd, `${name}.key`));
  await openssl(
    ['req', '-new', '-key', k, '-subj', `/O=tlsdoctor zoo/CN=${subjectCn}`, '-out', `${name}.csr`],
    cwd,
  );
  const db = join(cwd, `${name}.db`);
  await writeFile(db, '');
  await writeFile(
    join(cwd, `${name}.cnf`),
    [
      '[ca]',
      'default_ca = zoo',
      '[zoo]',
      `database = ${db}`,
      `new_certs_dir = ${cwd}`,
      'default_md = sha256',
      'policy = any',
      'rand_serial = yes',
      'unique_subject = no',
      'copy_extensions = none',
      '[any]',
      'organizationName = optional',
      'commonName = supplied',
      '[ext]',
      ext,
      '',
    ].join('\n'),
  );
  await openssl(
    [
      'ca',
      '-batch',
      '-notext',
      '-config',
      `${name}.cnf`,
      '-extensions',
      'ext',
      '-cert',
      issuer.cert,
      '-keyfile',
      issuer.key,
      '-in',
      `${name}.csr`,
      '-out',
      `${name}.pem`,
      ...(o.startdate ? ['-startdate', o.startdate] : []),
      ...(o.enddate ? ['-enddate', o.enddate] : ['-days', '90']),
    ],
    cwd,
  );
  return { cert: join(cwd, `${name}.pem`), key: k };
}

const CA_EXT = 'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign';
const serverExt = (names: string): string =>
  `basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=${names}`;

async function concat(cwd: string, name: string, files: string[]): Promise<string> {
  const parts = await Promise.all(files.map((f) => readFile(f, 'utf8')));
  await writeFile(join(cwd, name), parts.join(''));
  return join(cwd, name);
}

export async function makeZooPki(): Promise<ZooPki> {
  const dir = await mkdtemp(join(tmpdir(), 'tlsdoctor-zoo-pki-'));
  const [root, privRoot, clientCa] = await Promise.all([
    selfSignedCa(dir, 'root', 'zoo root CA'),
    selfSignedCa(dir, 'private-root', 'zoo private enterprise root CA'),
    selfSignedCa(dir, 'client-ca', 'zoo client CA'),
  ]);
  const [inter, privInter] = await Promise.all([
    issue(dir, 'intermediate', 'zoo intermediate CA', root, CA_EXT),
    issue(dir, 'private-intermediate', 'zoo private issuing CA', privRoot, CA_EXT),
  ]);
  const localhost = serverExt('DNS:localhost,IP:127.0.0.1');
  const [leaf, priv, expired, wrong, def, client] = await Promise.all([
    issue(dir, 'leaf', 'localhost', inter, localhost),
    issue(dir, 'private-leaf', 'localhost', privInter, localhost),
    issue(dir, 'expired-leaf', 'localhost', inter, localhost, {
      startdate: '20240101000000Z',
      enddate: '20250101000000Z',
    }),
    issue(dir, 'wrong-leaf', 'wrong.zoo.test', inter, serverExt('DNS:wrong.zoo.test')),
    issue(dir, 'default-leaf', 'default.zoo.test', inter, serverExt('DNS:default.zoo.test')),
    issue(
      dir,
      'client',
      'zoo client',
      clientCa,
      'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth',
    ),
  ]);
  void client;
  const chain = await concat(dir, 'chain.pem', [leaf.cert, inter.cert]);
  const p12Password = 'zoo-keystore';
  await openssl(
    [
      'pkcs12',
      '-export',
      '-inkey',
      leaf.key,
      '-in',
      chain,
      '-name',
      'server',
      '-passout',
      `pass:${p12Password}`,
      '-out',
      'leaf.p12',
    ],
    dir,
  );
  return {
    dir,
    rootCert: root.cert,
    chain,
    intermediateCert: inter.cert,
    leafOnly: leaf.cert,
    leafKey: leaf.key,
    privateChain: await concat(dir, 'private-chain.pem', [priv.cert, privInter.cert, privRoot.cert]),
    privateKey: priv.key,
    privateRootCert: privRoot.cert,
    expiredChain: await concat(dir, 'expired-chain.pem', [expired.cert, inter.cert]),
    expiredKey: expired.key,
    wrongNameChain: await concat(dir, 'wrong-chain.pem', [wrong.cert, inter.cert]),
    wrongNameKey: wrong.key,
    defaultChain: await concat(dir, 'default-chain.pem', [def.cert, inter.cert]),
    defaultKey: def.key,
    clientCaCert: clientCa.cert,
    p12: join(dir, 'leaf.p12'),
    p12Password,
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
