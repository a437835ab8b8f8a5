import type { Config } from '../config/schema';
import { fail, ok, skip, warn, type CheckResult } from './check';
import type { CertificateFacts, DoctorFacts, ProxmoxFacts } from './facts';

// Can Morpheus talk to the host at all: the config, the TCP port, the certificate, the token.

export function configCheck(facts: DoctorFacts): CheckResult {
  const c = facts.config;
  if (!c.ok) {
    return fail('config', c.path === undefined ? 'the config could not be loaded' : `cannot use ${c.path}`, {
      details: c.problems,
      fix: c.hint ? [c.hint] : [],
    });
  }
  const { config, warnings, path } = c.loaded;
  const modes = Object.keys(config.proxmox.modes).length;
  const schedules = Object.keys(config.schedules).length;
  const summary = `${path}: host ${config.proxmox.node} at ${config.proxmox.host}:${config.proxmox.port}, ${modes} mode${modes === 1 ? '' : 's'}${schedules > 0 ? `, ${schedules} schedule${schedules === 1 ? '' : 's'}` : ''}`;
  return warnings.length > 0 ? warn('config', summary, { details: warnings }) : ok('config', summary);
}

export function reachableCheck(p: ProxmoxFacts, config: Config): CheckResult {
  const wake = config.proxmox.wol ? ['if the host sleeps: morpheus host wake'] : [];
  if (p.tcp.answer === 'open') return ok('proxmox-reachable', `${p.address} accepts connections`);
  if (p.tcp.answer === 'refused') {
    return fail('proxmox-reachable', `${p.address} refuses connections: nothing listens on port ${config.proxmox.port}`, {
      fix: ['check proxmox.host and proxmox.port (the Proxmox API listens on 8006); on the host: systemctl status pveproxy', ...wake],
    });
  }
  return fail('proxmox-reachable', `no answer from ${p.address}${p.tcp.detail ? ` (${p.tcp.detail})` : ''}`, {
    fix: ['the host is down, or proxmox.host is wrong, or a firewall or VPN is in the way', ...wake],
  });
}

const certificateLine = (cert: CertificateFacts): string =>
  `certificate: ${cert.subject}, issued by ${cert.issuer}, valid until ${cert.validTo}; SHA-256 ${cert.fingerprint}`;

/** How to trust this host's certificate: pin what it presents now, or trust the cluster CA. */
function trustFixes(cert: CertificateFacts | undefined): string[] {
  return [
    cert
      ? `pin it: proxmox.fingerprint: "${cert.fingerprint}" (first compare it with \`pvenode cert info\` on the host)`
      : 'pin it: proxmox.fingerprint: "<SHA-256 from `pvenode cert info` on the host>"',
    'or trust the cluster CA: copy /etc/pve/pve-root-ca.pem from the host next to the config and set proxmox.ca_file: "pve-root-ca.pem"',
  ];
}

export function tlsCheck(p: ProxmoxFacts, config: Config): CheckResult {
  const { fingerprint, ca_file: caFile, verify_ssl: verify } = config.proxmox;
  const cert = p.certificate;
  const details = cert ? [certificateLine(cert)] : [];
  if (p.tcp.answer !== 'open' || p.version === undefined) return skip('tls', 'Proxmox is not reachable');
  if (!p.version.ok && p.version.error.kind === 'tls') {
    const pinned = fingerprint !== undefined && cert !== undefined && cert.fingerprint !== fingerprint;
    const misnamed = cert !== undefined && p.version.error.message.includes('ALTNAME');
    return fail('tls', p.version.error.message, {
      details,
      fix: pinned
        ? [
            `the host now presents ${cert.fingerprint}, not the pinned ${fingerprint}: if its certificate was renewed (\`pvenode cert info\` on the host shows it), set proxmox.fingerprint: "${cert.fingerprint}"; if not, something else answers at ${p.address}`,
          ]
        : misnamed
          ? [
              `proxmox.host ${config.proxmox.host} is not a name in the certificate: use one of ${cert.altNames.join(', ')}, or pin the certificate instead`,
              ...trustFixes(cert).slice(0, 1),
            ]
          : trustFixes(cert),
    });
  }
  if (!p.version.ok && p.version.error.kind === 'no-answer') {
    return fail('tls', `the API did not answer over TLS: ${p.version.error.message}`, {
      details,
      fix: ['check proxmox.port: it must be the HTTPS API port (8006)'],
    });
  }
  if (fingerprint !== undefined) return ok('tls', `pinned: the API presents the certificate ${fingerprint}`);
  if (caFile !== undefined && verify) return ok('tls', `verified against proxmox.ca_file ${caFile}${cert ? ` (issuer ${cert.issuer})` : ''}`);
  if (!verify) {
    return warn('tls', 'not verified (verify_ssl: false): anyone on the network path could impersonate the host and read the token', {
      details,
      fix: trustFixes(cert),
    });
  }
  return ok('tls', `verified by the system's certificate authorities${cert ? ` (issuer ${cert.issuer})` : ''}`);
}

export function tokenCheck(p: ProxmoxFacts, config: Config, tlsOk: boolean): CheckResult {
  const id = config.proxmox.api_token_id;
  if (!tlsOk || p.version === undefined) return skip('token', tlsOk ? 'Proxmox is not reachable' : 'needs a trusted TLS connection');
  if (p.version.ok) return ok('token', `${id} authenticates (Proxmox VE ${p.version.value.version})`);
  const { kind, message } = p.version.error;
  if (kind === 'auth') {
    return fail('token', `Proxmox refused the token ${id}: ${message}`, {
      fix: [
        'check proxmox.api_token_id (USER@REALM!TOKENID) and the secret proxmox.api_token_secret reads (e.g. ${PROXMOX_API_TOKEN}: is it set in this shell?)',
        'the token may be expired, disabled or deleted: Datacenter → Permissions → API Tokens',
      ],
    });
  }
  return fail('token', `GET /version failed: ${message}`);
}
