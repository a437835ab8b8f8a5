import type { SimHost } from '../model/host';
import { SimApiError } from '../model/sim-api-error';
import { callerOf } from '../model/tasks';
import {
  agentNetworkView,
  findTask,
  nodeStatusView,
  pciMappingsView,
  pciView,
  taskLogView,
  taskStatusView,
  versionView,
  vmConfigView,
  vmListView,
  vmStatusView,
} from '../model/views';
import { hasAny, requirePrivilege, type SimToken } from './auth';
import { parseParams, parseVmid, type RawParams } from './params';
import { permissionsView } from './permissions';
import type { Params, Route } from './router';

export interface ApiContext {
  readonly host: SimHost;
  readonly token: SimToken;
  readonly params: Params;
  readonly input: RawParams;
  readonly fingerprint: string;
  readonly certPem: string;
}

export type ApiHandler = (ctx: ApiContext) => unknown;

/** `/nodes/localhost/…` addresses the receiving node; any other unknown node fails its name lookup. */
function node(ctx: ApiContext): string {
  const name = ctx.params['node']!;
  if (name === ctx.host.node || name === 'localhost') return ctx.host.node;
  throw new SimApiError(500, `hostname lookup '${name}' failed - failed to get address info for: ${name}: Name or service not known`);
}

function vm(ctx: ApiContext, priv: Parameters<typeof requirePrivilege>[2]): number {
  node(ctx);
  const vmid = parseVmid(ctx.params['vmid']!);
  requirePrivilege(ctx.token, `/vms/${vmid}`, priv);
  return vmid;
}

const agentPrivileges = (ctx: ApiContext) =>
  ctx.host.scenario.release === '9.0' ? (['VM.GuestAgent.Audit', 'VM.GuestAgent.Unrestricted'] as const) : (['VM.Monitor'] as const);

function task(ctx: ApiContext) {
  const t = findTask(ctx.host, node(ctx), ctx.params['upid']!);
  const owner = t.caller.tokenName ? `${t.caller.user}!${t.caller.tokenName}` : t.caller.user;
  if (owner !== ctx.token.id) requirePrivilege(ctx.token, `/nodes/${ctx.host.node}`, ['Sys.Audit']);
  return t;
}

const get = (pattern: string, handler: ApiHandler): Route<ApiHandler> => ({ method: 'GET', pattern, handler });
const post = (pattern: string, handler: ApiHandler): Route<ApiHandler> => ({ method: 'POST', pattern, handler });

/** The slice of the PVE API Morpheus uses, with the real paths, privileges and answers. */
export const API_ROUTES: readonly Route<ApiHandler>[] = [
  get('/version', (ctx) => versionView(ctx.host)),
  get('/nodes', (ctx) => [
    {
      id: `node/${ctx.host.node}`,
      node: ctx.host.node,
      type: 'node',
      status: 'online',
      level: '',
      ssl_fingerprint: ctx.fingerprint,
      ...(hasAny(ctx.token, ['Sys.Audit']) && { uptime: nodeStatusView(ctx.host).uptime, maxcpu: 32 }),
    },
  ]),
  get('/nodes/{node}/status', (ctx) => {
    requirePrivilege(ctx.token, `/nodes/${node(ctx)}`, ['Sys.Audit']);
    return nodeStatusView(ctx.host);
  }),
  get('/nodes/{node}/certificates/info', (ctx) => {
    node(ctx);
    return [
      {
        filename: 'pve-ssl.pem',
        fingerprint: ctx.fingerprint,
        pem: ctx.certPem,
        subject: `/OU=PVE Cluster Node/O=Proxmox Virtual Environment/CN=${ctx.host.node}.morpheus.invalid`,
      },
    ];
  }),
  // Lists filter instead of failing: without VM.Audit the list is empty.
  get('/nodes/{node}/qemu', (ctx) => {
    node(ctx);
    parseParams({ full: 'boolean' }, ctx.input);
    return hasAny(ctx.token, ['VM.Audit']) ? vmListView(ctx.host) : [];
  }),
  get('/nodes/{node}/qemu/{vmid}/status/current', (ctx) => vmStatusView(ctx.host, vm(ctx, ['VM.Audit']))),
  get('/nodes/{node}/qemu/{vmid}/config', (ctx) => {
    const vmid = vm(ctx, ['VM.Audit']);
    parseParams({ current: 'boolean', snapshot: 'string' }, ctx.input);
    return vmConfigView(ctx.host, vmid);
  }),
  get('/nodes/{node}/qemu/{vmid}/agent/network-get-interfaces', (ctx) => agentNetworkView(ctx.host, vm(ctx, agentPrivileges(ctx)))),
  post('/nodes/{node}/qemu/{vmid}/status/start', (ctx) => {
    const vmid = vm(ctx, ['VM.PowerMgmt']);
    parseParams({ timeout: 'integer', skiplock: 'boolean', machine: 'string' }, ctx.input);
    return ctx.host.start(vmid, callerOf(ctx.token.id));
  }),
  post('/nodes/{node}/qemu/{vmid}/status/shutdown', (ctx) => {
    const vmid = vm(ctx, ['VM.PowerMgmt']);
    const p = parseParams({ timeout: 'integer', forceStop: 'boolean', skiplock: 'boolean', keepActive: 'boolean' }, ctx.input);
    const timeoutS = typeof p['timeout'] === 'number' ? p['timeout'] : 60;
    return ctx.host.shutdown(vmid, { timeoutMs: timeoutS * 1000, forceStop: p['forceStop'] === true }, callerOf(ctx.token.id));
  }),
  post('/nodes/{node}/qemu/{vmid}/status/stop', (ctx) => {
    const vmid = vm(ctx, ['VM.PowerMgmt']);
    parseParams({ timeout: 'integer', skiplock: 'boolean', keepActive: 'boolean' }, ctx.input);
    return ctx.host.stop(vmid, callerOf(ctx.token.id));
  }),
  get('/nodes/{node}/hardware/pci', (ctx) => {
    node(ctx);
    requirePrivilege(ctx.token, '/', ['Sys.Audit', 'Sys.Modify']);
    parseParams({ 'pci-class-blacklist': 'string', verbose: 'boolean' }, ctx.input);
    return pciView(ctx.host);
  }),
  // Like every list, mappings the token may not see are left out rather than refused.
  get('/cluster/mapping/pci', (ctx) => {
    parseParams({ 'check-node': 'string' }, ctx.input);
    return hasAny(ctx.token, ['Mapping.Audit', 'Mapping.Use', 'Mapping.Modify']) ? pciMappingsView(ctx.host) : [];
  }),
  // Any token may read its own effective permissions; another user's need Sys.Audit on /access.
  get('/access/permissions', (ctx) => {
    const p = parseParams({ userid: 'string', path: 'string' }, ctx.input);
    const other = typeof p['userid'] === 'string' && p['userid'] !== ctx.token.id;
    if (other) requirePrivilege(ctx.token, '/access', ['Sys.Audit']);
    // The simulator has no users of its own: someone else's permissions are empty.
    return other ? {} : permissionsView(ctx.token, ctx.host.scenario.release, typeof p['path'] === 'string' ? p['path'] : undefined);
  }),
  get('/nodes/{node}/tasks/{upid}/status', (ctx) => taskStatusView(task(ctx))),
  get('/nodes/{node}/tasks/{upid}/log', (ctx) => {
    parseParams({ start: 'integer', limit: 'integer', download: 'boolean' }, ctx.input);
    return taskLogView(task(ctx));
  }),
];
